"""Rendering of the regime advice (regulier / verscherpt, with reasons) as text."""

from __future__ import annotations

from sourcing_kg.workflow.regime_advies import RegimeAdvies


def render_text(advies: RegimeAdvies, lang: str) -> str:
    nl = lang == "nl"
    lines = [f"Dossier: {advies.dossier}", f"Regime: {advies.regime}"]
    lines.append(("Redenen" if nl else "Reasons") + ":")
    lines.extend(f"  - {reason.text(lang)}" for reason in advies.reasons)
    if advies.stated is None:
        lines.append(
            "Het dossier legt geen regime vast (sk:regime)."
            if nl
            else "The dossier states no regime (sk:regime)."
        )
    elif advies.matches:
        lines.append(
            f"Het dossier legt hetzelfde regime vast: {advies.stated}."
            if nl
            else f"The dossier states the same regime: {advies.stated}."
        )
    else:
        lines.append(
            f"LET OP: het dossier legt regime {advies.stated} vast, maar het zou "
            f"{advies.regime} moeten zijn."
            if nl
            else f"NOTE: the dossier states regime {advies.stated}, but it should be "
            f"{advies.regime}."
        )
    if advies.phase == 1:
        lines.append(
            "In fase 1 zijn regimes nog niet van toepassing (voetnoot 13); het regime wordt in "
            "fase 2 vastgesteld."
            if nl
            else "Regimes do not apply in phase 1 yet (footnote 13); the regime is set in phase 2."
        )
    return "\n".join(lines) + "\n"
