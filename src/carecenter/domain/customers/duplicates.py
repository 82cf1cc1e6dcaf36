"""Which live customers are probably the same person or company, and what a merge keeps.

Evidence, strongest first: the same national ID or tax code; the same phone; a similar name together
with a similar address. Exact evidence is found through an index (one pass); fuzzy evidence only inside
a block — customers of the same province (when known) sharing their given name or the rest of their
name — so 20,000 customers cost a few million C-level comparisons rather than 200 million.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from carecenter.domain.customers.model import Customer, Identity
from carecenter.domain.search.folding import fold

SAME_NATIONAL_ID = "same_national_id"
SAME_TAX_CODE = "same_tax_code"
SAME_PHONE = "same_phone"
SIMILAR_NAME_ADDRESS = "similar_name_address"

NAME_THRESHOLD = 90
ADDRESS_THRESHOLD = 85
# A phone shared by more customers than this is a switchboard or a shop's number, not evidence that
# they are one person; pairing them all would also flood the review list.
LARGEST_SHARED_GROUP = 25


@dataclass(frozen=True)
class MatchProfile:
    """What duplicate detection looks at for one live customer (values already normalised)."""

    id: int
    name: str
    phones: frozenset[str] = frozenset()
    national_ids: frozenset[str] = frozenset()
    tax_codes: frozenset[str] = frozenset()
    address: str = ""  # house line and ward of the first premise
    province: str | None = None  # code (or name) of the first premise's province


@dataclass(frozen=True)
class DuplicatePair:
    """Two customers that are probably one; `left_id` < `right_id`, `score` 0–100 (100 = certain)."""

    left_id: int
    right_id: int
    score: int
    reasons: tuple[str, ...]
    name_similarity: int
    address_similarity: int


def _sorted_tokens(text: str) -> str:
    # token_sort_ratio(a, b) == ratio(sorted tokens of a, sorted tokens of b); sorting once per customer
    # instead of once per comparison is what makes the blocked scan fast.
    return " ".join(sorted(fold(text).split()))


def score_pair(reasons: Collection[str], name_similarity: float, address_similarity: float) -> int:
    """How sure we are: a shared national ID or tax code is near certain; a shared phone is strong when
    the names agree and weak when they do not (families share a landline); name + address alone is
    good but not certain. Each further kind of evidence adds 5."""
    parts = []
    if SAME_NATIONAL_ID in reasons or SAME_TAX_CODE in reasons:
        parts.append(100.0)
    if SAME_PHONE in reasons:
        parts.append(70 + name_similarity / 4)
    if SIMILAR_NAME_ADDRESS in reasons:
        parts.append((name_similarity + address_similarity) / 2 * 0.9)
    if not parts:
        return 0
    return min(100, round(max(parts) + 5 * (len(parts) - 1)))


def find_duplicates(
    profiles: Sequence[MatchProfile],
    among: Collection[int] | None = None,
    name_threshold: int = NAME_THRESHOLD,
    address_threshold: int = ADDRESS_THRESHOLD,
) -> list[DuplicatePair]:
    """Candidate pairs among `profiles`, best first.

    With `among` (say, the customers just imported), only pairs with at least one side in `among`.
    """
    wanted = set(among) if among is not None else None
    names = {p.id: _sorted_tokens(p.name) for p in profiles}
    addresses = {p.id: _sorted_tokens(p.address) for p in profiles}
    evidence: dict[tuple[int, int], set[str]] = defaultdict(set)

    def note(a: int, b: int, reason: str) -> None:
        if a != b and (wanted is None or a in wanted or b in wanted):
            evidence[(min(a, b), max(a, b))].add(reason)

    sources: list[tuple[str, Callable[[MatchProfile], frozenset[str]]]] = [
        (SAME_NATIONAL_ID, lambda p: p.national_ids),
        (SAME_TAX_CODE, lambda p: p.tax_codes),
        (SAME_PHONE, lambda p: p.phones),
    ]
    for reason, values_of in sources:
        holders: dict[str, list[int]] = defaultdict(list)
        for profile in profiles:
            for value in values_of(profile):
                holders[value].append(profile.id)
        for ids in holders.values():
            if 1 < len(ids) <= LARGEST_SHARED_GROUP:
                for i, a in enumerate(ids):
                    for b in ids[i + 1 :]:
                        note(a, b, reason)

    for block in _blocks(profiles):
        choices = [names[p.id] for p in block]
        for profile in block:
            if wanted is not None and profile.id not in wanted:
                continue
            hits = process.extract(
                names[profile.id], choices, scorer=fuzz.ratio, score_cutoff=name_threshold, limit=None
            )
            for _, _, index in hits:
                other = block[index]
                mine, theirs = addresses[profile.id], addresses[other.id]
                if mine and theirs and fuzz.ratio(mine, theirs) >= address_threshold:
                    note(profile.id, other.id, SIMILAR_NAME_ADDRESS)

    pairs = []
    for (a, b), reasons in evidence.items():
        name_sim = fuzz.ratio(names[a], names[b])
        address_sim = fuzz.ratio(addresses[a], addresses[b]) if addresses[a] and addresses[b] else 0.0
        ordered = tuple(r for r in (SAME_NATIONAL_ID, SAME_TAX_CODE, SAME_PHONE, SIMILAR_NAME_ADDRESS) if r in reasons)
        pairs.append(
            DuplicatePair(
                a, b, score_pair(reasons, name_sim, address_sim), ordered, round(name_sim), round(address_sim)
            )
        )
    pairs.sort(key=lambda p: (-p.score, p.left_id, p.right_id))
    return pairs


def _blocks(profiles: Iterable[MatchProfile]) -> list[list[MatchProfile]]:
    """Customers worth comparing by name: the same province (when known) and a shared name part.

    Each customer sits in two blocks: one of its given name (the last word) and one of the rest of
    its name. Two spellings of one name that score 90 differ in at most one of the two parts, so they
    still meet in a block; a province of 3,000 customers then costs thousands of comparisons per
    customer fewer.
    """
    blocks: dict[str, list[MatchProfile]] = defaultdict(list)
    for profile in profiles:
        if not profile.address:
            continue  # no address, nothing for the name + address rule to confirm
        words = fold(profile.name).split()
        if not words:
            continue
        place = fold(profile.province) if profile.province else ""
        blocks[f"{place}|given:{words[-1]}"].append(profile)
        blocks[f"{place}|rest:{' '.join(sorted(words[:-1]))}"].append(profile)
    return [b for b in blocks.values() if len(b) > 1]


def identities_to_move(kept: Sequence[Identity], merged: Sequence[Identity]) -> tuple[list[Identity], list[Identity]]:
    """(move, drop) for a merge: the merged customer's identities the kept one lacks — primary only
    when the kept customer has none of that kind — and the ones it already holds."""
    held = {(i.kind, i.value) for i in kept}
    kinds = {i.kind for i in kept}
    move: list[Identity] = []
    drop: list[Identity] = []
    for identity in merged:
        if (identity.kind, identity.value) in held:
            drop.append(identity)
            continue
        held.add((identity.kind, identity.value))
        move.append(replace(identity, is_primary=identity.kind not in kinds and identity.is_primary))
    return move, drop


def fill_blanks(kept: Customer, merged: Customer) -> Customer:
    """The kept customer, with what only the merged record knew (region, branch, date of birth)."""
    return replace(
        kept,
        region_code=kept.region_code or merged.region_code,
        branch_code=kept.branch_code or merged.branch_code,
        date_of_birth=kept.date_of_birth or merged.date_of_birth,
    )
