"""Archived copies of other sites' documents: where each came from and how to say so.

``wayback`` parses snapshot URLs, ``corpus`` reads the header and title of the
"Privacy Policies over Time" files, ``provenance`` states the facts (from a
header or from ``archive_*`` metadata) and ``debris`` drops what the corpus
conversion left; ``owner`` says whose facts an archived document's are. Pure:
no files, no Markdown, no Pelican.
"""

from legalsite.archive.corpus import (
    HEADER_PREFIX,
    JUNK_TITLES,
    CorpusDocument,
    fallback_title,
    split_corpus_header,
)
from legalsite.archive.debris import Debris, drop_debris
from legalsite.archive.owner import DocumentOwner, is_own_domain, owner_of
from legalsite.archive.provenance import (
    ArchiveWarning,
    Provenance,
    ProvenanceNote,
    archive_slug,
    note_for,
    provenance_from_metadata,
    structured_data_for,
)
from legalsite.archive.wayback import MODIFIERS, Snapshot, parse_snapshot_url

__all__ = [
    "HEADER_PREFIX",
    "JUNK_TITLES",
    "MODIFIERS",
    "ArchiveWarning",
    "CorpusDocument",
    "Debris",
    "DocumentOwner",
    "Provenance",
    "ProvenanceNote",
    "Snapshot",
    "archive_slug",
    "drop_debris",
    "fallback_title",
    "is_own_domain",
    "note_for",
    "owner_of",
    "parse_snapshot_url",
    "provenance_from_metadata",
    "split_corpus_header",
    "structured_data_for",
]
