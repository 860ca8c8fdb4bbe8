"""The documentation site: every concept on its scheme's page, one language per page, titles
that are not run together, links that resolve, and data that stays text."""

from __future__ import annotations

import posixpath
import urllib.parse

import lxml.html
import pytest
from lxml.etree import _Element
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from sourcing_kg.core.namespaces import SKID
from sourcing_kg.model.labels import curie, label
from sourcing_kg.model.lookup import list_schemes
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.render.documentation import render_site, scheme_page


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology_graph()


@pytest.fixture(scope="module")
def site(graph: Graph) -> dict[str, _Element]:
    return {path: lxml.html.document_fromstring(html) for path, html in render_site(graph).items()}


def concepts_of(graph: Graph, scheme: URIRef) -> set[URIRef]:
    return {
        c
        for p in (SKOS.inScheme, SKOS.topConceptOf)
        for c in graph.subjects(p, scheme)
        if isinstance(c, URIRef)
    }


def test_every_concept_of_every_scheme_has_its_entry(graph: Graph, site) -> None:
    total = 0
    for scheme in list_schemes(graph):
        members = concepts_of(graph, URIRef(scheme.iri))
        for lang in ("nl", "en"):
            page = site[f"{lang}/{scheme_page(scheme.name)}"]
            shown = [s.find("p[@class='kort']").text for s in page.find_class("term")]
            assert sorted(shown) == sorted(curie(c) for c in members), scheme.name
        total += len(members)
    # the document's own schemes hold 241 concepts (the crosswalk targets come on top)
    own = sum(
        len(concepts_of(graph, URIRef(s.iri)))
        for s in list_schemes(graph)
        if not s.name.startswith("kruistabel/")
    )
    assert own == 241 and total > own


def test_headings_are_in_one_language_each(graph: Graph, site) -> None:
    terms = {curie(s): s for s in set(graph.subjects()) if isinstance(s, URIRef)}
    joined = 0
    for path, page in site.items():
        if path.count("/") != 1:
            continue
        lang, _ = path.split("/")
        other = "en" if lang == "nl" else "nl"
        assert page.get("lang") == lang
        for section in page.find_class("term"):
            short = section.find("p[@class='kort']").text
            heading = section.find("h2").text_content()
            term = terms[short]
            mine = label(graph, term, lang)
            codes = sorted(str(n) for n in graph.objects(term, SKOS.notation))
            allowed = {mine} | {f"{code}. {mine}" for code in codes}
            assert heading in allowed, (path, heading, allowed)
            theirs = label(graph, term, other)
            joined += bool(theirs and theirs != mine and theirs in heading.removesuffix(mine))
    assert joined == 0


def test_titles_are_one_each_and_not_run_together(site) -> None:
    titles = {}
    for path, page in site.items():
        title = page.find(".//title").text
        h1 = page.findall(".//h1")
        assert path == "index.html" or len(h1) == 1, path
        assert title not in titles.values(), (path, title)
        titles[path] = title
    assert site["nl/fase.html"].find(".//h1").text == "Fasen van de IT-sourcing levenscyclus"
    assert site["en/fase.html"].find(".//h1").text == "Phases of the IT sourcing lifecycle"


def test_questions_show_their_example_answers_in_one_language(site) -> None:
    for lang, answers in (("nl", ["Ja", "Deels", "Nee"]), ("en", ["Yes", "Partly", "No"])):
        page = site[f"{lang}/vraag.html"]
        sections = page.find_class("term")
        assert len(sections) == 14
        for section in sections:
            items = section.find_class("voorbeelden")[0].findall("li")
            assert [li.find("strong").text for li in items] == answers
            assert all(li.text_content().split(": ", 1)[1] for li in items)
    first = site["en/vraag.html"].find_class("term")[0].text_content()
    assert "Partly, this is not an option for this question." in first
    assert "Deels, dit is geen optie" not in first


def _cell(page: _Element, phase: str, column: int) -> list[str]:
    for row in page.find_class("resultaten")[0].iter("tr"):
        header = row.find("th")
        if header is not None and header.text_content() == phase:
            return [li.text_content() for li in row.findall("td")[column].iter("li")]
    raise AssertionError(phase)


def test_deliverables_per_phase_and_regime(site) -> None:
    page = site["nl/resultaten.html"]
    heads = [th.text_content() for th in page.find_class("resultaten")[0].iter("th")][:3]
    assert heads == ["Fase", "Regulier regime", "Verscherpt regime"]
    regular, enhanced = (
        _cell(page, "Strategische sourcing keuze", 0),
        _cell(page, "Strategische sourcing keuze", 1),
    )
    assert "Verwervingsstrategie" in regular and "Verwervingsstrategie" in enhanced
    assert "Stakeholdermanagement en communicatieplan" in enhanced
    assert "Stakeholdermanagement en communicatieplan" not in regular
    assert "Inkoopplan (alleen indien aanbestedingsplichtig)" in _cell(
        page, "Verwerven en contracteren", 0
    )
    assert "Uitvoerige Due Diligence" in _cell(page, "Verwerven en contracteren", 1)
    assert "Uitvoerige Due Diligence" not in _cell(page, "Verwerven en contracteren", 0)


def test_every_link_resolves(site) -> None:
    anchors = {path: set(page.xpath("//@id")) for path, page in site.items()}
    checked = 0
    for path, page in site.items():
        for href in page.xpath("//a/@href"):
            parts = urllib.parse.urlsplit(href)
            assert not parts.scheme and not parts.netloc, (path, href)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), parts.path))
            if not parts.path:
                target = path
            if target == "sourcing-kg.ttl":
                continue
            assert target in site, (path, href)
            if parts.fragment:
                assert parts.fragment in anchors[target], (path, href)
            checked += 1
    assert checked > 1000


def test_no_project_iri_in_the_text(site) -> None:
    for path, page in site.items():
        assert "https://w3id.org/sourcing-kg/" not in page.text_content(), path


def test_data_is_text_never_markup(graph: Graph) -> None:
    bad = Graph()
    for triple in graph:
        bad.add(triple)
    concept = SKID["fase/x"]
    bad.add((concept, RDF.type, SKOS.Concept))
    bad.add((concept, SKOS.inScheme, SKID.fase))
    bad.add((concept, SKOS.notation, Literal('"><script>alert(1)</script>')))
    bad.add((concept, SKOS.prefLabel, Literal("<img src=x onerror=alert(2)>", lang="nl")))
    bad.add((concept, SKOS.definition, Literal("</dd><script>alert(3)</script>", lang="nl")))
    page = lxml.html.document_fromstring(render_site(bad, ["nl"])["nl/fase.html"])
    assert not page.xpath("//script | //img")
    assert not [a for a in page.xpath("//@*") if a.attrname.lower().startswith("on")]
    assert "<img src=x onerror=alert(2)>" in page.text_content()
    assert "</dd><script>alert(3)</script>" in page.text_content()


def test_one_language_only(graph: Graph) -> None:
    pages = render_site(graph, ["en"])
    assert all(not p.startswith("nl/") for p in pages) and "en/vraag.html" in pages
    assert ">Nederlands<" not in pages["en/index.html"]  # no link to a site not written
