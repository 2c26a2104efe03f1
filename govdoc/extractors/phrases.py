"""A fixed set of phrases found in text in one pass (Aho-Corasick), as a longest-first alternation would.

A regex alternation of thousands of names (`凤凰县|吉首市|…`) tries every name at every position;
the automaton reads the text once, whatever the number of names.
"""
from __future__ import annotations

from collections.abc import Iterable

import ahocorasick


class Phrases:
    """Finds the phrases leftmost first, the longest at a position first, never overlapping."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for phrase in phrases:
            self._automaton.add_word(phrase, phrase)
        if len(self._automaton):
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, phrase) of each phrase found.

        The automaton reports every occurrence, overlapping ones too (its own iter_long misses some):
        the leftmost-longest choice is made here, as `regex.finditer` over the alternation makes it.
        """
        if not len(self._automaton):
            return []
        occurrences = sorted((end + 1 - len(phrase), -len(phrase), phrase)
                             for end, phrase in self._automaton.iter(text))
        found: list[tuple[int, int, str]] = []
        for start, minus_length, phrase in occurrences:
            if not found or start >= found[-1][1]:
                found.append((start, start - minus_length, phrase))
        return found
