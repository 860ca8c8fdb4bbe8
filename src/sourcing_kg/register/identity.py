"""Who is who in the register sheet: one party per identifier, names only labels.

Every mention of a party in the sheet (a supplier, a parent company, a subcontractor, a
customer organisation) is resolved to one *key* before the mapping mints IRIs from it
(``mappings/register-csv.rq``, the Dutch URI strategy: ``{base}partij/kvk/12345678``):

- mentions that share an identifier (KvK number, LEI, OIN; for organisations also the TOOI
  IRI) are one party, whatever their names; identifiers that occur together in one mention
  join their parties (so a party known by its KvK in one row and by its LEI in another, and by
  both in a third, is one party);
- a party's key is its identifier in a fixed order of preference: TOOI, KvK, LEI, OIN (the
  smallest value where a party has two, which the register shapes then report as a conflict);
- a mention by name only (subcontractors are named, not numbered) is the party that carries
  that exact name in a mention with an identifier, if exactly one does; otherwise the name is
  the key.

Example:
    >>> parties = Parties()
    >>> a = parties.mention("Alfa B.V.", kvk="12345678")
    >>> b = parties.mention("ALFA BV", kvk="12345678", lei="7LTWFZYICNSX8D621K86")
    >>> c = parties.mention("Alfa Holding", lei="7LTWFZYICNSX8D621K86")
    >>> d = parties.mention("ALFA BV")
    >>> {parties.key(m) for m in (a, b, c, d)}
    {('kvk', '12345678')}
    >>> parties.key(parties.mention("Cloudy"))
    ('naam', 'Cloudy')
"""

from __future__ import annotations

from dataclasses import dataclass

#: Identifier schemes, most preferred first; ``naam`` is the fall-back key.
SCHEMES = ("tooi", "kvk", "lei", "oin")
Key = tuple[str, str]


@dataclass(frozen=True)
class Mention:
    """One mention of a party: its name as written and the identifiers given with it."""

    index: int
    name: str
    identifiers: tuple[Key, ...]


class Parties:
    """Mentions collected over the whole sheet, then resolved to keys (see the module)."""

    def __init__(self) -> None:
        self._mentions: list[Mention] = []
        self._parent: dict[Key, Key] = {}
        self._keys: dict[int, Key] | None = None

    def mention(self, name: str, **identifiers: str | None) -> Mention:
        """Record a mention; ``identifiers`` by scheme (``kvk=``, ``lei=``, ``oin=``, ``tooi=``)."""
        given = tuple(
            (scheme, value.strip())
            for scheme in SCHEMES
            if (value := identifiers.get(scheme)) and value.strip()
        )
        unknown = set(identifiers) - set(SCHEMES)
        if unknown:
            raise ValueError(f"unknown identifier scheme(s): {sorted(unknown)}")
        found = Mention(len(self._mentions), name.strip(), given)
        self._mentions.append(found)
        for key in given[1:]:
            self._union(given[0], key)
        if given:
            self._find(given[0])
        self._keys = None
        return found

    def key(self, mention: Mention) -> Key:
        """The key of the party ``mention`` refers to."""
        if self._keys is None:
            self._keys = self._resolve()
        return self._keys[mention.index]

    def _find(self, key: Key) -> Key:
        self._parent.setdefault(key, key)
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:
            self._parent[key], key = root, self._parent[key]
        return root

    def _union(self, a: Key, b: Key) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def _resolve(self) -> dict[int, Key]:
        members: dict[Key, set[Key]] = {}
        for key in self._parent:
            members.setdefault(self._find(key), set()).add(key)
        preferred = {
            root: min(keys, key=lambda k: (SCHEMES.index(k[0]), k[1]))
            for root, keys in members.items()
        }
        by_name: dict[str, set[Key]] = {}
        for mention in self._mentions:
            if mention.identifiers:
                root = self._find(mention.identifiers[0])
                by_name.setdefault(mention.name, set()).add(preferred[root])
        keys: dict[int, Key] = {}
        for mention in self._mentions:
            if mention.identifiers:
                keys[mention.index] = preferred[self._find(mention.identifiers[0])]
                continue
            named = by_name.get(mention.name, set())
            keys[mention.index] = next(iter(named)) if len(named) == 1 else ("naam", mention.name)
        return keys
