"""ArchiMate models in the same graph as the dossiers and the register (issue 11).

- :mod:`.importer`: an exchange file (``.xml``, validated against the Open Group XSD) or an Archi
  model (``.archimate``) to RDF in the vocabulary of ``ontology/archimate.ttl``;
- :mod:`.export`: the register as an exchange file that validates and opens in Archi;
- :mod:`.mapping`: which xsi:type means which term (data: ``mappings/archimate/typen.ttl``).
"""
