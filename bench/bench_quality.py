"""How fast the quality functions run on a book of the largest size (about 500,000 words).

    python bench/bench_quality.py [words]

Prints words per second for check_coherence, review and stylize. Not a test: timings
depend on the machine, so nothing here asserts.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from narra_forge.core.types import Cast, Character, Manuscript, Segment, SegmentPlan, SegmentSpec
from narra_forge.quality import check_coherence, review, stylize

NAMES = ["Mara Voss", "Teo Kell", "Ilse Brandt", "Corvin Ash"]
VERBS = ["studied", "carried", "opened", "hid", "weighed", "mended", "dropped", "watched"]
OBJECTS = ["the key", "a letter", "the map", "a lantern", "the ledger", "a coin", "the rope"]
TAILS = ["slowly", "in silence", "by the window", "as the rain began", "with great care"]
LINES = ["We should go", "Not yet", "Tell me what you saw", "The tide is turning"]


def book(words: int, segments: int = 100) -> tuple[Manuscript, SegmentPlan, Cast]:
    """A plan, a cast and ``words`` words of plain prose that keeps to them."""
    rng = random.Random(1)
    per_segment = words // segments
    texts, specs = [], []
    for index in range(segments):
        paragraphs: list[str] = [" ".join(f"{n} arrived at the Harbour." for n in NAMES)]
        count = len(paragraphs[0].split())
        while count < per_segment:
            if rng.random() < 0.25:
                paragraph = f'"{rng.choice(LINES)}," said {rng.choice(NAMES).split()[0]}.'
            else:
                paragraph = " ".join(
                    f"{rng.choice(NAMES).split()[0]} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                    f"{rng.choice(TAILS)}."
                    for _ in range(rng.randint(3, 7))
                )
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        texts.append(Segment(index=index, title=f"{index}", text="\n\n".join(paragraphs)))
        specs.append(SegmentSpec(
            index=index, act=1, title=f"{index}", pov=NAMES[0], characters=NAMES,
            location="the Harbour", key_events=["something"], target_words=per_segment,
        ))
    cast = Cast(characters=[
        Character(name=n, role="ally", description="-", motivation="-") for n in NAMES
    ])
    return Manuscript(segments=texts), SegmentPlan(segments=specs), cast


def timed(label: str, words: int, call: Callable[[], object]) -> None:
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    print(f"{label:<16} {elapsed:6.2f} s  {words / elapsed:>12,.0f} words/s")


def main() -> None:
    words = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    manuscript, plan, cast = book(words)
    total = manuscript.word_count
    print(f"{total:,} words in {len(manuscript.segments)} segments")
    timed("check_coherence", total, lambda: check_coherence(manuscript, plan, cast, total))
    timed("review", total, lambda: review(manuscript, "fantasy"))
    timed("stylize", total, lambda: stylize(manuscript, "fantasy"))


if __name__ == "__main__":
    main()
