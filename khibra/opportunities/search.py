"""Full-text search of public opportunities, in Arabic and English.

The text is folded in Python first (core.arabic.normalize: alef forms, yaa, taa marbuta, hamza
seats, Persian letters, tashkeel, tatweel, Arabic-Indic digits) and the article is taken off
(ال، وال، بال، كال، فال، لل), on the stored side by `reindex()` and on the query side by
`search_opportunities()`, so that spelling variants become the same words. The database then
stems, matches and ranks; no Python loop ever looks at the rows:

- PostgreSQL: `opportunities_opportunitysearchdocument.document`, a generated tsvector over the
  folded columns (the `arabic` configuration stems Arabic, `english` stems English, `simple`
  keeps every word as typed), weighted title A, fields and qualifications B, description C,
  with a GIN index. Each query word becomes a prefix query (`:*`) in the three configurations.
- SQLite: the FTS5 table `opportunities_search_fts` holds the folded columns and a stemmed
  shadow copy of each (snowball Arabic and English, since FTS5 only knows Latin diacritics);
  each query word matches its folded or stemmed form as a prefix; bm25 ranks with column weights.

Both tables are created by the vendor-guarded migration 0007. The services call `reindex()` in
the same transaction as every change to an opportunity's text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import re
import threading

from django.core.paginator import Page, Paginator
from django.db import connection, connections, models
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
import snowballstemmer

from khibra.core.arabic import normalize

from .models import Opportunity, OpportunitySearchDocument, before_deadline

PAGE_SIZE = 12
COUNT_CAP = 1000  # a search counts its matches up to here and then says "more than"
MAX_QUERY_LENGTH = 200  # characters of a query looked at; the rest is ignored
MAX_TERMS = 8  # words of a query looked at
MAX_TERM_LENGTH = 40
FTS_TABLE = "opportunities_search_fts"
# bm25 weights of the FTS5 columns: title, qualifications, details, then their stemmed copies.
FTS_WEIGHTS = (10.0, 4.0, 1.0, 10.0, 4.0, 1.0)
SHORT_DAYS = 7
MEDIUM_DAYS = 30


class Duration(models.TextChoices):
    SHORT = "short", _("Up to a week")
    MEDIUM = "medium", _("Up to a month")
    LONG = "long", _("More than a month")


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Most relevant")
    NEWEST = "newest", _("Newest first")


# --- text -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3]")
# The definite article with the particles that attach to it, longest first.
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_MIN_STEM = 3  # letters that must remain after taking off the article
_stemmers = threading.local()  # snowball stemmers keep state while they work: one per thread


def _strip_article(word: str) -> str:
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN_STEM:
            return word[len(article) :]
    return word


def terms(text: str) -> list[str]:
    """The words of a text as the index sees them: folded, without the article."""
    return [_strip_article(word) for word in _WORD.findall(normalize(text))]


def stem(term: str) -> str:
    """The snowball stem of one folded word: the Arabic stemmer for Arabic, English otherwise."""
    if not hasattr(_stemmers, "arabic"):
        _stemmers.arabic = snowballstemmer.stemmer("arabic")
        _stemmers.english = snowballstemmer.stemmer("english")
    stemmer = _stemmers.arabic if _ARABIC_LETTER.search(term) else _stemmers.english
    return stemmer.stemWord(term) or term


def query_terms(query: str) -> list[str]:
    """The words of a query worth searching for, without repeats, at most MAX_TERMS."""
    seen: list[str] = []
    for term in terms((query or "")[:MAX_QUERY_LENGTH]):
        term = term[:MAX_TERM_LENGTH]
        if term not in seen:
            seen.append(term)
    return seen[:MAX_TERMS]


@dataclass(frozen=True)
class Document:
    title: str
    qualifications: str
    details: str


def build_document(
    *,
    title: str,
    description: str = "",
    deliverables: str = "",
    responsibilities: str = "",
    requirements: str = "",
    other_field: str = "",
    field_names: Iterable[str] = (),
) -> Document:
    def folded(*parts: str) -> str:
        return " ".join(terms(" ".join(part for part in parts if part)))

    return Document(
        title=folded(title),
        qualifications=folded(*field_names, other_field, requirements),
        details=folded(description, deliverables, responsibilities),
    )


# --- writing the index ------------------------------------------------------------------------

_TEXT_FIELDS = ("title", "description", "deliverables", "responsibilities", "requirements", "other_field")


def _write(document_model, pk: int, document: Document, using: str) -> None:
    document_model.objects.using(using).update_or_create(
        opportunity_id=pk,
        defaults={"title": document.title, "qualifications": document.qualifications, "details": document.details},
    )
    # PostgreSQL computes the tsvector column itself (it is generated from these columns).
    if connections[using].vendor == "sqlite":
        texts = (document.title, document.qualifications, document.details)
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, qualifications, details, title_stems, qualifications_stems,"
                " details_stems) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [pk, *texts, *(" ".join(stem(term) for term in text.split()) for text in texts)],
            )


def reindex(opportunity: Opportunity) -> None:
    """Bring the search index of one opportunity in step with its text. Call it inside the change's transaction."""
    field_names = [name for pair in opportunity.fields.values_list("name_ar", "name_en") for name in pair if name]
    document = build_document(
        **{name: getattr(opportunity, name) for name in _TEXT_FIELDS}, field_names=field_names
    )
    _write(OpportunitySearchDocument, opportunity.pk, document, opportunity._state.db or "default")


def rebuild_index(
    *, opportunity_model=Opportunity, document_model=OpportunitySearchDocument, using: str = "default", dry_run: bool = False
) -> int:
    """Index every opportunity again; return how many. The models are parameters so that a data
    migration can pass its historical ones."""
    rows = opportunity_model.objects.using(using).order_by("pk").values_list("pk", *_TEXT_FIELDS)
    if dry_run:
        return rows.count()
    field_names: dict[int, list[str]] = {}
    through = opportunity_model.fields.through.objects.using(using)
    for opportunity_id, name_ar, name_en in through.values_list("opportunity_id", "field__name_ar", "field__name_en"):
        field_names.setdefault(opportunity_id, []).extend(name for name in (name_ar, name_en) if name)
    if connections[using].vendor == "sqlite":
        with connections[using].cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
    count = 0
    for pk, *texts in rows.iterator(chunk_size=500):
        document = build_document(**dict(zip(_TEXT_FIELDS, texts, strict=True)), field_names=field_names.get(pk, ()))
        _write(document_model, pk, document, using)
        count += 1
    return count


def unindexed_count() -> int:
    """Opportunities without a search document (for `reindex_opportunities --dry-run`)."""
    return Opportunity.objects.filter(search_document__isnull=True).count()


# --- searching --------------------------------------------------------------------------------


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _opportunity_pk() -> str:
    return f"{_quoted(Opportunity._meta.db_table)}.{_quoted(Opportunity._meta.pk.column)}"


_CONFIGS = ("arabic", "english", "simple")


def _postgres_tsquery(words: list[str]) -> str:
    """Every word must match, as a prefix of what any of the three configurations makes of it.

    The configurations mostly agree (an Arabic word is the same lexeme in `english` and
    `simple`), and a repeated prefix costs the GIN index a second walk over the same long posting
    lists, so the lexemes are asked for first and each distinct one is searched once."""
    # One round trip: three columns per word. The words are letters and digits only (`_WORD`),
    # so `word:*` is always a single prefix term to to_tsquery.
    columns = ", ".join(f"to_tsquery('{config}'::regconfig, %s)::text" for _word in words for config in _CONFIGS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", [f"{word}:*" for word in words for _config in _CONFIGS])
        row = cursor.fetchone()
    clauses = []
    for index in range(len(words)):
        forms = _widest([form for form in dict.fromkeys(row[index * len(_CONFIGS) : (index + 1) * len(_CONFIGS)]) if form])
        if forms:
            clauses.append("(" + " | ".join(f"({form})" for form in forms) + ")")
    return " & ".join(clauses)


_PREFIX_FORM = re.compile(r"^'([^']+)':\*$")


def _widest(forms: list[str]) -> list[str]:
    """Drop a prefix form that a shorter kept prefix already covers ('استشاره':* under
    'استشار':*): it matches nothing more and costs the index another walk."""
    prefixes = [match.group(1) for form in forms if (match := _PREFIX_FORM.match(form))]
    kept = []
    for form in forms:
        match = _PREFIX_FORM.match(form)
        if match and any(other != match.group(1) and match.group(1).startswith(other) for other in prefixes):
            continue
        kept.append(form)
    return kept


def _fts5_query(words: list[str]) -> str:
    """An FTS5 query of quoted prefix strings only: user input can never be read as syntax."""

    def string(term: str) -> str:
        return '"' + term.replace('"', '""') + '"*'

    clauses = []
    for word in words:
        forms = dict.fromkeys([word, stem(word)])
        clauses.append("(" + " OR ".join(string(form) for form in forms if form) + ")")
    return " AND ".join(clauses)


def _match(queryset, words: list[str]):
    """Keep the opportunities that match every word; annotate `rank` (higher is better)."""
    if connection.vendor == "postgresql":
        tsquery = _postgres_tsquery(words)
        if not tsquery:
            return queryset.none()
        # A join on the document, which carries the opportunity's public state and publication
        # date (kept by triggers, migration 0010): the match, the rank and the order are all read
        # from the document, so PostgreSQL ranks on the partial GIN index's rows and joins the
        # opportunities of one page only.
        table = _quoted(OpportunitySearchDocument._meta.db_table)
        joined = queryset.filter(search_document__isnull=False)
        return joined.filter(
            RawSQL(f"{table}.public AND {table}.document @@ %s::tsquery", [tsquery], output_field=models.BooleanField())
        ).annotate(
            rank=RawSQL(f"ts_rank({table}.document, %s::tsquery)", [tsquery], output_field=models.FloatField()),
            indexed_published_at=RawSQL(f"{table}.published_at", [], output_field=models.DateTimeField()),
        )
    else:
        fts = _fts5_query(words)
        weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
        matching = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts])
        # bm25 is lower for better matches.
        rank = RawSQL(
            f"SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s AND rowid = {_opportunity_pk()}",
            [fts],
            output_field=models.FloatField(),
        )
    return queryset.filter(pk__in=matching).annotate(rank=rank)


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: a common word matches tens of thousands of
    opportunities, and counting them all cost more than finding the best twelve. `capped` says
    the true count is larger; the pages stop at the cap (nobody reads past page 80)."""

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def cap(self) -> int:
        return COUNT_CAP


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def search_opportunities(
    *,
    query: str = "",
    field=None,
    city=None,
    region=None,
    nature: str | None = None,
    max_hours_per_week=None,
    duration: str | None = None,
    level: str | None = None,
    organization=None,
    english_friendly: bool | None = None,
    sort: str = Sort.RELEVANCE,
    open_only: bool = True,
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
) -> Page:
    """One page of public opportunities (published, of verified organizations).

    With `open_only` (the default) only listings taking applications are kept; without it closed
    and full ones come too, and their pages say so. The structured filters are plain indexed conditions; `field`, `city`, `region` and
    `organization` take an object or its pk. With words to look for, only matching opportunities
    are kept, ranked by relevance (or newest first with `sort="newest"`); without, newest first.
    """
    words = query_terms(query)
    # With words on PostgreSQL, the document's `public` column is the same condition as public().
    postgres_words = bool(words) and connection.vendor == "postgresql"
    queryset = Opportunity.objects.all() if postgres_words else Opportunity.objects.public()
    if field and postgres_words:
        # The document's field ids (migration 0012): PostgreSQL intersects the two GIN indexes.
        table = _quoted(OpportunitySearchDocument._meta.db_table)
        queryset = queryset.filter(
            RawSQL(f"{table}.field_ids @> ARRAY[%s]::bigint[]", [int(_pk(field))], output_field=models.BooleanField())
        )
    elif field:
        queryset = queryset.filter(fields=_pk(field))
    if city:
        queryset = queryset.filter(city=_pk(city))
    if region:
        queryset = queryset.filter(city__region=_pk(region))
    if nature and postgres_words:
        # The document's copy (migration 0013): the nature keeps a third of the rows, so it is
        # checked on the matches without joining each one to its opportunity.
        table = _quoted(OpportunitySearchDocument._meta.db_table)
        queryset = queryset.filter(RawSQL(f"{table}.nature = %s", [str(nature)], output_field=models.BooleanField()))
    elif nature:
        queryset = queryset.filter(nature=nature)
    if max_hours_per_week:
        queryset = queryset.filter(hours_per_week__lte=max_hours_per_week)
    if duration == Duration.SHORT:
        queryset = queryset.filter(duration_days__lte=SHORT_DAYS)
    elif duration == Duration.MEDIUM:
        queryset = queryset.filter(duration_days__gt=SHORT_DAYS, duration_days__lte=MEDIUM_DAYS)
    elif duration == Duration.LONG:
        queryset = queryset.filter(duration_days__gt=MEDIUM_DAYS)
    if level:
        queryset = queryset.filter(level=level)
    if organization:
        queryset = queryset.filter(organization=_pk(organization))
    if english_friendly:
        queryset = queryset.filter(english_allowed=True)
    if open_only:
        # Open places only (the default): a seat left, deadline and end date not passed; the same
        # condition as Opportunity.objects.taking_applications().
        queryset = queryset.filter(seats_filled__lt=F("seats")).filter(before_deadline())

    newest = ("-published_at", "-pk")
    if words:
        queryset = _match(queryset, words)
        if postgres_words:
            newest = ("-indexed_published_at", "-pk")
        order = ("-rank", *newest) if sort != Sort.NEWEST else newest
    else:
        order = newest
    queryset = queryset.select_related("organization", "city__region").order_by(*order)
    return CappedPaginator(queryset, page_size).get_page(page)
