"""Per-genre name pools and the picker that keeps a cast's names unambiguous.

Pools are disjoint across genres (a horror village sounds different from a starship) and
avoid ordinary English words (no "Will", "Grace", "Hope") so a checker that looks for a
character's name never trips on a common word. Each first name carries a gender only to
choose pronouns; unknown names fall back to the description, then to "they".
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from narra_forge.engines.offline_content.common import lines


@dataclass(frozen=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]


POOLS: dict[str, NamePool] = {
    "fantasy": NamePool(
        female=lines("""
            Brenna
            Ysolde
            Maelis
            Seren
            Wenna
            Elspeth
            Talwyn
            Oriane
            Gwenlian
            Isaura
            Rhosyn
        """),
        male=lines("""
            Aldric
            Caelan
            Torvin
            Eadric
            Orrin
            Garrick
            Rhun
            Corwen
            Peredur
            Beric
            Halvard
        """),
        surnames=lines("""
            Thornfield
            Ashgrove
            Vellacourt
            Duskmantle
            Greyhallow
            Marrowby
            Quillfeather
            Stormvale
            Brightwater
            Oakenshield
            Wyndmere
            Cardell
            Feywick
        """),
    ),
    "scifi": NamePool(
        female=lines("""
            Nadia
            Yara
            Anika
            Priya
            Ilse
            Zhen
            Tereza
            Amara
            Saoirse
            Kalinda
            Mireille
        """),
        male=lines("""
            Idris
            Kofi
            Tomas
            Ravi
            Soren
            Emeka
            Teodor
            Haruto
            Lukas
            Dmitri
            Anselm
        """),
        surnames=lines("""
            Okafor
            Reyes
            Tanaka
            Ivanova
            Castellan
            Achterberg
            Nakamura
            Oduya
            Valdris
            Lindgren
            Mbeki
            Sarkissian
            Hollander
        """),
    ),
    "horror": NamePool(
        female=lines("""
            Agnes
            Clara
            Edith
            Maggie
            Lottie
            Beulah
            Ida
            Nell
            Verity
            Winnie
            Hester
        """),
        male=lines("""
            Walter
            Silas
            Harold
            Ezra
            Amos
            Jedediah
            Cyrus
            Lemuel
            Virgil
            Obadiah
            Thaddeus
        """),
        surnames=lines("""
            Hollis
            Crane
            Whitlock
            Pruitt
            Greaves
            Blackburn
            Ambrose
            Coulter
            Wetherell
            Mayhew
            Sexton
            Dunmore
            Lockridge
        """),
    ),
    "thriller": NamePool(
        female=lines("""
            Dana
            Katya
            Simone
            Ingrid
            Lena
            Mirela
            Noor
            Tessa
            Annika
            Delphine
            Yasmin
        """),
        male=lines("""
            Viktor
            Julian
            Reza
            Felix
            Omar
            Declan
            Marcus
            Anton
            Stefan
            Tariq
            Benedikt
        """),
        surnames=lines("""
            Vance
            Kessler
            Moreau
            Novak
            Brandt
            Okonkwo
            Varga
            Doyle
            Lindqvist
            Haddad
            Petrov
            Calloway
            Renner
        """),
    ),
    "mystery": NamePool(
        female=lines("""
            Harriet
            Winifred
            Beatrice
            Philippa
            Dorothea
            Marjorie
            Cordelia
            Euphemia
            Lavinia
            Agatha
            Imogen
        """),
        male=lines("""
            Rupert
            Cedric
            Horace
            Giles
            Percival
            Algernon
            Bertram
            Lionel
            Crispin
            Reginald
            Humphrey
        """),
        surnames=lines("""
            Pettigrew
            Fairweather
            Quinlan
            Ravensworth
            Hargreaves
            Featherstone
            Babbington
            Lockhart
            Treadwell
            Montague
            Pemberton
            Wexford
            Ainsley
        """),
    ),
    "drama": NamePool(
        female=lines("""
            Miriam
            Teresa
            Ellen
            Naomi
            Celia
            Lucia
            Rosalind
            Joanna
            Marisol
            Bridget
            Deborah
        """),
        male=lines("""
            Daniel
            Gabriel
            Owen
            Martin
            Patrick
            Samuel
            Vincent
            Raymond
            Tobias
            Gerald
            Emmett
        """),
        surnames=lines("""
            Castellano
            Brennan
            Holloway
            Mendez
            Abernathy
            Sorensen
            Kowalski
            Gallagher
            Delgado
            Whitaker
            Lindholm
            Fitzgerald
            Okoro
        """),
    ),
    "romance": NamePool(
        female=lines("""
            Juliet
            Camille
            Sophie
            Evie
            Margot
            Isla
            Clementine
            Aurelie
            Genevieve
            Rosalie
            Odette
        """),
        male=lines("""
            Sebastian
            Theo
            Rafael
            Luca
            Nico
            Adrian
            Laurent
            Matteo
            Elliot
            Dominic
            Jasper
        """),
        surnames=lines("""
            Beaumont
            Delacroix
            Whitmore
            Sinclair
            Carrington
            Fontaine
            Ashford
            Devereux
            Marchetti
            Lancaster
            Bellamy
            Everleigh
            Moreland
        """),
    ),
    "hybrid": NamePool(
        female=lines("""
            Vesna
            Thessaly
            Saffi
            Mireth
            Oona
            Nimue
            Ilvane
            Zosia
            Ambrine
            Quenna
            Lyrisse
        """),
        male=lines("""
            Kaelix
            Ilyan
            Casimir
            Teodric
            Oru
            Bastiaan
            Ruvan
            Zoltan
            Evander
            Corvane
            Anzel
        """),
        surnames=lines("""
            Starrow
            Quillon
            Everhart
            Ostrava
            Vantreck
            Halloran
            Calder
            Kestrelane
            Morrigan
            Drach
            Solvane
            Ferrux
            Auberon
        """),
    ),
}

#: first name -> "f" / "m", across every pool, for pronouns in prose
GENDER_OF: dict[str, str] = {
    name: gender
    for pool in POOLS.values()
    for gender, names in (("f", pool.female), ("m", pool.male))
    for name in names
}

PRONOUNS: dict[str, dict[str, str]] = {
    "f": {"he": "she", "his": "her", "him": "her", "hers": "hers", "self": "herself",
          "was": "was"},
    "m": {"he": "he", "his": "his", "him": "him", "hers": "his", "self": "himself",
          "was": "was"},
    "n": {"he": "they", "his": "their", "him": "them", "hers": "theirs", "self": "themself",
          "was": "were"},
}


def _clashes(token: str, taken: list[str]) -> bool:
    low = token.lower()
    return any(low in other or other in low for other in taken)


def pick_names(
    rng: random.Random, genre: str, count: int, avoid: list[str]
) -> list[tuple[str, str, str]]:
    """``count`` (first, last, gender) triples: no shared first or last name, no name part
    a substring of another part or of anything in ``avoid`` (place and world names)."""
    pool = POOLS.get(genre, POOLS["hybrid"])
    taken = [a.lower() for a in avoid]
    firsts = [(n, "f") for n in pool.female] + [(n, "m") for n in pool.male]
    rng.shuffle(firsts)
    # alternate genders so a cast is mixed whatever the shuffle did
    female = [f for f in firsts if f[1] == "f"]
    male = [f for f in firsts if f[1] == "m"]
    ordered = [x for pair in zip(female, male, strict=False) for x in pair]
    if rng.random() < 0.5:
        ordered = [x for pair in zip(male, female, strict=False) for x in pair]
    surnames = list(pool.surnames)
    rng.shuffle(surnames)
    out: list[tuple[str, str, str]] = []
    for first, gender in ordered:
        if len(out) == count:
            break
        if _clashes(first, taken):
            continue
        for last in surnames:
            if _clashes(last, taken) or _clashes(last, [first.lower()]):
                continue
            out.append((first, last, gender))
            taken += [first.lower(), last.lower()]
            surnames.remove(last)
            break
    if len(out) < count:
        raise ValueError(f"name pool for {genre!r} too small for {count} characters")
    return out
