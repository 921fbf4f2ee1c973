"""Phrase packs: the wording that counts as a disclosure, in every language.

A phrase pack is a YAML file, one per language (`rules/phrases/de.yaml`,
`rules/phrases/pl.yaml` ...) plus `rules/phrases/common.yaml` for
language-independent lists (agencies, AI generator names, regex shapes).
Each pack maps a *kind* to a list of entries::

    language: de
    ai_notice:
      - "Hinweis: Dieser Artikel wurde mit Künstlicher Intelligenz (KI) erstellt."
    photo_label: ["Foto:", "Bild:"]
    relative_time: ['vor \\d+ (Stunden?|Minuten?|Tagen?)']   # regex kind

Phrase kinds (matched on a normalised form of the text):
`ai_notice`, `ai_image_label`, `photo_label`, `neutral_label`,
`credit_prefix`, `collective_credit`, `credit_placeholder`,
`archive_label`, `go_to_original`, `agencies`, `ai_generators`.
Regex kinds (compiled with `re`, case-insensitive, on the original text):
`relative_time`, `absolute_time`, `archive_patterns`, `photo_patterns`,
`credit_patterns`, `dateline_patterns`.
`ai_notice_parts` holds the words of the notice grammar (see `provenance/phrases/notices.py`).
Word lists (single lower-case words, compared whole): `byline_words`,
`credit_particles`, `archive_nouns`, `credit_agents`, `outlet_articles`,
`copyright_words`. Structured kinds: `picture_roles` (page
vocabulary of class/id words), `detection` (language detection),
`notice_examples` (the grammar's test sentences), `fix` (house wording).

How phrases match (so pack authors need not list every spelling):

- case-insensitive, diacritic-insensitive (`Künstliche` = `Kunstliche`,
  `sztuczną` = `sztuczna`; also ß=ss, ł=l, ø=o, æ=ae, đ=d);
- any run of whitespace, line breaks, `&nbsp;` counts as one space;
- hyphen, space and no space between words are the same
  (`KI-gestützt` = `KI gestützt`, `mithilfe` = `mit Hilfe`);
- `KI`, `AI`, `IA`, `SI` and `UI` are the same word when they stand alone
  (`ai_acronyms` in `common.yaml`);
- punctuation inside a phrase is ignored (`(KI)`), but a phrase that ends
  in `:` or `/` (or a one-word phrase ending in `.`, like `Fot.`) needs
  that mark in the text: `Foto:` matches `Foto:` and `Foto :`, not
  `Das Foto zeigt`;
- matches start and end on word boundaries (`AP` never matches in
  `Kapelle`, `DR` never in `Drucker`);
- a word ending in `*` matches any word it begins (`wygenerowan*`).

Built-in packs are trusted and loaded without jsonschema; user packs given
to `PhraseBook.load` are validated against
`provenance/schemas/phrases.schema.json`.

The package: `folding` (normalised text and words), `index` (compiled
phrases and the scan), `packs` (kinds, reading and validating pack files),
`book` (`PhraseBook`), `notices` (the notice grammar), `captions` (what a
caption or credit says) and `cache` (the compiled-pack cache). Readers get
a `PhraseBook` handed in and ask it (`credit_in`, `is_caption`); they never
import this package.
"""
from __future__ import annotations

from .book import PhraseBook
from .cache import cache_dir
from .folding import normalise
from .index import Match, _spaces_to_whitespace, has_nested_quantifier  # noqa: F401
from .packs import PHRASE_KINDS, REGEX_KINDS, PhraseError, schema, validate_pack

__all__ = ["Match", "PhraseBook", "PhraseError", "PHRASE_KINDS", "REGEX_KINDS", "normalise",
           "cache_dir", "has_nested_quantifier", "schema", "validate_pack"]
