"""Load, validate and compile the message checker's lexicons.

The data directory (``casebook/data/msgcheck/`` by default) holds:

* ``settings.yaml`` — negation handling and the shortest 拼音 spelling accepted;
* ``charmap.yaml`` — traditional/variant → simplified characters (used by the normaliser);
* ``homophones.yaml`` — characters swapped in to dodge keyword filters (坐劳 for 坐牢);
* ``pinyin.yaml`` — toneless 拼音 of the characters used in terms ("zuo lao");
* ``macros.yaml`` — named regex fragments such as ``{FAMILY}``;
* ``rules/*.yaml`` — one file per category, each a list of matchers keyed
  ``<category>/<id>``. Which rule of a pack a matcher reports (and so its citation) is
  declared by the pack: a rule with ``check: wording`` lists the keys it enforces.

Everything is validated before anything is compiled; a problem raises
:class:`LexiconError` naming the file, the line and the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from casebook.msgcheck.firstchars import top_level_alternatives, with_first_chars
from casebook.msgcheck.mentions import MentionCues
from casebook.msgcheck.normalize import Normaliser
from casebook.msgcheck.schema import (
    Category,
    CategoryFile,
    CharMap,
    Homophones,
    LearnedSettings,
    Macros,
    Matcher,
    Pinyin,
    Recipient,
    RewriteSettings,
    Settings,
)
from casebook.yamlnodes import field_path as _field_path
from casebook.yamlnodes import load_with_nodes
from casebook.yamlnodes import node_at as _node_at

M = TypeVar("M", bound=BaseModel)

_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")


def default_data_dir() -> Path:
    """The lexicons shipped with the engine."""
    return Path(str(resources.files("casebook") / "data" / "msgcheck"))


class LexiconError(ValueError):
    """A data file of the message checker is missing or invalid."""


# --- reading and validating ------------------------------------------------------------

#: OpenCC's one-to-one traditional → simplified characters (``tools/opencc_charmap.py``).
OPENCC_TABLE = "opencc_ts_characters.txt"


def load_character_table(path: Path) -> dict[str, str]:
    """``traditional → simplified`` from a file of ``<char>\t<char>`` lines (``#`` comments);
    a missing file is an empty table, a malformed line a :class:`LexiconError` naming it."""
    if not path.exists():
        return {}
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        source, tab, target = line.partition("\t")
        if not tab or len(source) != 1 or len(target) != 1 or source == target:
            raise LexiconError(
                f"{path}:{number}: expected a traditional character, a tab and a different "
                f"simplified character, got {line!r}"
            )
        table[source] = target
    return table


def _where(path: Path, root: yaml.Node | None, loc: Sequence[Any]) -> str:
    node = _node_at(root, loc)
    line = f":{node.start_mark.line + 1}" if node is not None else ""
    return f"{path}{line}: field '{_field_path(loc)}'"


def _read(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read file as UTF-8 text: {exc}") from None
    try:
        return load_with_nodes(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{path}{line}: YAML syntax error: {exc}") from None


def load_file(model: type[M], path: Path) -> tuple[M, yaml.Node | None]:
    """Read and validate one data file; errors name the file, line and field."""
    data, root = _read(path)
    try:
        return model.model_validate(data if data is not None else {}), root
    except ValidationError as exc:
        problems = [f"  - {_where(path, root, e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise LexiconError(
            f"{path}: does not match the {model.__name__} schema:\n" + "\n".join(problems)
        ) from None


# --- compiling -------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledMatcher:
    """A matcher ready to run; ``key`` is ``<category>/<id>`` (pack phrases: ``<rule>/phrase-<n>``)."""

    category: Category
    key: str
    title: str
    explanation: str
    hint: str
    recipients: frozenset[Recipient]
    negatable: bool
    regex: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    unless_in_message: re.Pattern[str] | None = None
    escalate: tuple[CompiledEscalation, ...] = ()
    rewrite: str = ""
    clause: bool = False


@dataclass(frozen=True)
class CompiledEscalation:
    """See :class:`casebook.msgcheck.schema.Escalation`."""

    to: str
    when: str
    needs: re.Pattern[str] | None
    recipients: frozenset[Recipient]


@dataclass(frozen=True)
class Pressure:
    """Compiled cues of pressure (``settings.yaml`` → ``pressure``)."""

    condition: re.Pattern[str]
    deadline: re.Pattern[str]
    announcement: re.Pattern[str]
    done: re.Pattern[str]
    window: int


@dataclass(frozen=True)
class Lexicon:
    """Everything :func:`casebook.msgcheck.check_message` needs, compiled once."""

    normalise: Normaliser
    matchers: tuple[CompiledMatcher, ...]
    derived: dict[str, CompiledMatcher]
    pressure: Pressure
    mentions: MentionCues
    learned: LearnedSettings
    rewrites: RewriteSettings
    category_labels: dict[Category, str]
    negation_cues: re.Pattern[str]
    negation_strong_cues: re.Pattern[str]
    negation_blockers: re.Pattern[str]
    negation_overrides: re.Pattern[str]
    negation_max_gap: int
    unless_window: int
    data_dir: Path
    compiler: _Compiler
    macros: dict[str, str]

    def compile_pattern(self, pattern: str) -> re.Pattern[str]:
        """A regex written like the lexicon's ``patterns`` (macros, homophones), compiled.

        Raises ``ValueError`` naming the problem (unknown macro, invalid expression).
        """
        return _compile(self.compiler.pattern(_expand_macros(pattern, self.macros)))


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


class _Compiler:
    def __init__(self, homophones: dict[str, list[str]], pinyin: dict[str, str], min_letters: int):
        self.homophones = homophones
        self.readings: dict[str, list[str]] = {}
        for syllable, chars in pinyin.items():
            for char in chars:
                self.readings.setdefault(char, []).append(syllable)
        self.min_letters = min_letters

    def char_class(self, char: str) -> str:
        variants = [char, *self.homophones.get(char, [])]
        if len(variants) == 1:
            return re.escape(char)
        return "[" + "".join(re.escape(v) for v in variants) + "]"

    def term(self, term: str, allow_pinyin: bool) -> str:
        """Regex for a literal (already normalised) term with its homophones and 拼音."""
        chars = list(term)
        use_pinyin = (
            allow_pinyin
            and len(chars) >= 2
            and all(c in self.readings for c in chars if _is_cjk(c))
            and sum(min(len(s) for s in self.readings[c]) for c in chars if _is_cjk(c))
            >= self.min_letters
        )
        parts = []
        last = len(chars) - 1
        for position, char in enumerate(chars):
            if _is_cjk(char):
                alternatives = [self.char_class(char)]
                if use_pinyin:
                    for syllable in self.readings[char]:
                        spelled = " ?".join(syllable)
                        if position == 0:
                            spelled = "(?<![a-z])" + spelled
                        if position == last:
                            spelled += "(?![a-z])"
                        alternatives.append(spelled)
                parts.append("(?:" + "|".join(alternatives) + ")")
            elif "a" <= char <= "z":
                letter = char
                if position == 0:
                    letter = "(?<![a-z])" + letter
                if position == last:
                    letter += "(?![a-z])"
                parts.append(letter)
            else:
                parts.append(re.escape(char))
        return " ?".join(parts)

    def pattern(self, pattern: str) -> str:
        """Add homophones to every Chinese character of a regex (inside classes too)."""
        out: list[str] = []
        in_class = False
        i = 0
        while i < len(pattern):
            char = pattern[i]
            if char == "\\" and i + 1 < len(pattern):
                out.append(pattern[i : i + 2])
                i += 2
                continue
            if in_class:
                if char == "]":
                    in_class = False
                    out.append(char)
                else:
                    out.append(char + "".join(re.escape(v) for v in self.homophones.get(char, [])))
            elif char == "[":
                in_class = True
                out.append(char)
                if pattern[i + 1 : i + 2] == "^":
                    out.append("^")
                    i += 1
            else:
                out.append(self.char_class(char) if _is_cjk(char) else char)
            i += 1
        return "".join(out)


_QUOTE = re.compile(r"「([^「」]+)」")


def last_quote(hint: str) -> str:
    """The last 「quoted」 example of a hint: its compliant rewrite (or "")."""
    quotes = _QUOTE.findall(hint)
    return quotes[-1].strip() if quotes else ""


_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def _bigrams(text: str) -> set[str]:
    """Two-character words inside the runs of Chinese characters of a term or pattern."""
    return {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)}


def _expand_macros(pattern: str, macros: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ValueError(f"unknown macro {{{name}}}; known: {', '.join(sorted(macros))}")
        return "(?:" + macros[name] + ")"

    return _MACRO.sub(replace, pattern)


def _compile(regex: str) -> re.Pattern[str]:
    try:
        return re.compile(regex)
    except re.error as exc:
        raise ValueError(f"invalid regular expression after expansion: {exc}") from exc


def _compile_matcher(
    matcher: Matcher,
    category: Category,
    compiler: _Compiler,
    macros: dict[str, str],
    normalise: Normaliser,
    where,
) -> CompiledMatcher:
    alternatives = []
    for i, term in enumerate(matcher.terms):
        folded = normalise(term).text.replace(" ", "")
        if not folded:
            raise LexiconError(f"{where(('terms', i))}: term {term!r} is empty once normalised")
        alternatives.append(compiler.term(folded, matcher.pinyin))
    first_pattern = len(alternatives)
    for i, pattern in enumerate(matcher.patterns):
        try:
            alternatives.append(compiler.pattern(_expand_macros(pattern, macros)))
        except ValueError as exc:
            raise LexiconError(f"{where(('patterns', i))}: {exc}") from None
    unless = _alternatives(matcher.unless, "unless", macros, where)
    in_message = _alternatives(matcher.unless_in_message, "unless_in_message", macros, where)
    specs = matcher.escalate if isinstance(matcher.escalate, list) else [matcher.escalate]
    escalate = []
    for n, spec in enumerate(s for s in specs if s is not None):
        needs = None
        field = ("escalate", n) if isinstance(matcher.escalate, list) else ("escalate",)
        if spec.needs:
            try:
                needs = _compile(compiler.pattern(_expand_macros(spec.needs, macros)))
            except ValueError as exc:
                raise LexiconError(f"{where((*field, 'needs'))}: {exc}") from None
        escalate.append(CompiledEscalation(spec.to, spec.when, needs, frozenset(spec.recipients)))
    return CompiledMatcher(
        category=category,
        key=f"{category.value}/{matcher.id}",
        title=matcher.title,
        explanation=matcher.explanation,
        hint=matcher.hint,
        recipients=frozenset(matcher.recipients),
        negatable=matcher.negatable,
        regex=_compile_all(alternatives, first_pattern, "patterns", where),
        unless=unless,
        unless_in_message=in_message,
        escalate=tuple(escalate),
        rewrite=matcher.rewrite or last_quote(matcher.hint),
        clause=matcher.clause,
    )


def _alternatives(patterns: list[str], field: str, macros: dict[str, str], where):
    """One compiled regex for a list of patterns (macros expanded), or None."""
    expanded = []
    for i, pattern in enumerate(patterns):
        try:
            expanded.append(_expand_macros(pattern, macros))
        except ValueError as exc:
            raise LexiconError(f"{where((field, i))}: {exc}") from None
    return _compile_all(expanded, 0, field, where)


def join_alternatives(alternatives: Sequence[str]) -> str:
    """One pattern matching any of ``alternatives`` (each kept in its own group)."""
    return "|".join(f"(?:{a})" for a in alternatives)


def _compile_all(alternatives: list[str], first: int, field: str, where) -> re.Pattern[str] | None:
    """One regex matching any of ``alternatives`` (None if there are none).

    Compiled once as a whole (compiling is most of the time it takes to load the lexicons);
    only if that fails is each alternative compiled alone, to name the one at fault:
    ``alternatives[first + i]`` is item ``i`` of ``field``. When every match must start with
    one of a known set of characters, a lookahead for them goes in front
    (:func:`~casebook.msgcheck.firstchars.with_first_chars`): same matches, far fewer tries.
    """
    if not alternatives:
        return None
    try:
        # an unbalanced alternative could pair its parentheses with its neighbours' (a)|(b)
        if any(top_level_alternatives(a) is None for a in alternatives):
            raise re.error("unbalanced parenthesis")
        return re.compile(with_first_chars(join_alternatives(alternatives)))
    except re.error:
        for i, alternative in enumerate(alternatives[first:]):
            try:
                _compile(alternative)
            except ValueError as exc:
                raise LexiconError(f"{where((field, i))}: {exc}") from None
        raise


def load_lexicon(data_dir: str | Path | None = None) -> Lexicon:
    """Load and compile the lexicons in ``data_dir`` (default: the shipped data)."""
    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    settings, _ = load_file(Settings, directory / "settings.yaml")
    charmap, _ = load_file(CharMap, directory / "charmap.yaml")
    homophones, _ = load_file(Homophones, directory / "homophones.yaml")
    pinyin, _ = load_file(Pinyin, directory / "pinyin.yaml")
    macros, macros_root = load_file(Macros, directory / "macros.yaml")
    for name, fragment in macros.macros.items():
        if _MACRO.search(fragment):
            place = _where(directory / "macros.yaml", macros_root, ("macros", name))
            raise LexiconError(f"{place}: a macro may not use another macro")

    table = load_character_table(directory / OPENCC_TABLE)
    for pair in (*charmap.traditional, *charmap.variants):  # hand-written entries win
        table[pair[0]] = pair[1]
    normalise = Normaliser(table)
    compiler = _Compiler(homophones.homophones, pinyin.pinyin, settings.pinyin_min_letters)

    rule_files = sorted((directory / "rules").glob("*.yaml"))
    if not rule_files:
        raise LexiconError(f"{directory / 'rules'}: no category files (*.yaml)")
    words: set[str] = set()
    for fragment in macros.macros.values():
        words |= _bigrams(fragment)
    compiled: list[CompiledMatcher] = []
    labels: dict[Category, str] = {}
    for path in rule_files:
        category_file, root = load_file(CategoryFile, path)
        category = category_file.category
        if path.stem != category.value:
            raise LexiconError(
                f"{_where(path, root, ('category',))}: file {path.name} must be named "
                f"after its category ({category.value}.yaml)"
            )
        labels[category] = category_file.label
        seen: set[str] = set()
        for index, matcher in enumerate(category_file.matchers):
            if matcher.id in seen:
                raise LexiconError(
                    f"{_where(path, root, ('matchers', index, 'id'))}: "
                    f"duplicate matcher id {matcher.id!r}"
                )
            seen.add(matcher.id)

            def where(loc, _index=index, _path=path, _root=root):
                return _where(_path, _root, ("matchers", _index, *loc))

            compiled.append(
                _compile_matcher(matcher, category, compiler, macros.macros, normalise, where)
            )
            for text in (*matcher.terms, *matcher.patterns):
                words |= _bigrams(normalise(text).text if text in matcher.terms else text)
    missing = [c.value for c in Category if c not in labels]
    if missing:
        raise LexiconError(f"{directory / 'rules'}: no file for categories {missing}")
    syllables: dict[str, str] = {}
    for syllable, chars in pinyin.pinyin.items():
        syllables[syllable] = chars
    normalise.with_pinyin(syllables, words)
    derived = {m.key: m for m in compiled if m.regex is None}
    for m in compiled:
        for spec in m.escalate:
            if spec.to in derived:
                continue
            raise LexiconError(
                f"{directory / 'rules'}: matcher {m.key!r} escalates to {spec.to!r}, "
                f"which is not a derived matcher; known: {', '.join(sorted(derived)) or 'none'}"
            )
    negation = settings.negation
    cues = settings.pressure

    def cue(pattern: str) -> re.Pattern[str]:
        return _compile(compiler.pattern(_expand_macros(pattern, macros.macros)))

    try:
        pressure = Pressure(
            condition=cue(cues.condition),
            deadline=cue(cues.deadline),
            announcement=cue(cues.announcement),
            done=cue(cues.done),
            window=cues.window,
        )
    except ValueError as exc:
        raise LexiconError(f"{directory / 'settings.yaml'}: field 'pressure': {exc}") from None
    try:
        mentions = MentionCues(
            before=re.compile(f"(?:{settings.mentions.before})$"),
            after=re.compile(settings.mentions.after),
            warning=cue(settings.mentions.warning),
            reach=settings.mentions.reach,
        )
    except (ValueError, re.error) as exc:
        raise LexiconError(f"{directory / 'settings.yaml'}: field 'mentions': {exc}") from None
    return Lexicon(
        normalise=normalise,
        matchers=tuple(m for m in compiled if m.regex is not None),
        derived=derived,
        pressure=pressure,
        mentions=mentions,
        learned=settings.learned,
        rewrites=settings.rewrite,
        category_labels={c: labels[c] for c in Category},
        negation_cues=re.compile(negation.cues),
        negation_strong_cues=re.compile(negation.strong_cues),
        negation_blockers=re.compile(negation.blockers),
        negation_overrides=re.compile(negation.overrides),
        negation_max_gap=negation.max_gap,
        unless_window=settings.unless_window,
        data_dir=directory,
        compiler=compiler,
        macros=dict(macros.macros),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicons, compiled once (cached)."""
    return load_lexicon()


@lru_cache(maxsize=1)
def _default_macros() -> dict[str, str]:
    macros, _ = load_file(Macros, default_data_dir() / "macros.yaml")
    return dict(macros.macros)


def check_pattern(pattern: str) -> str:
    """Raise ``ValueError`` unless ``pattern`` compiles once the shipped macros are expanded."""
    _compile(_expand_macros(pattern, _default_macros()))
    return pattern


#: libyaml's loader where it is installed (the keys are read on every pack load).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=4)
def matcher_keys(data_dir: str | Path | None = None) -> frozenset[str]:
    """The ``<category>/<id>`` keys of the matchers in ``data_dir``, read without compiling.

    Used to validate a pack's ``wording`` rules when the pack is loaded; an unreadable
    file yields no keys here and is reported when the lexicon itself is loaded.
    """
    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    keys: set[str] = set()
    for path in sorted((directory / "rules").glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_FAST_LOADER) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if not isinstance(data, dict):
            continue
        for matcher in data.get("matchers") or []:
            if isinstance(matcher, dict) and "id" in matcher:
                keys.add(f"{data.get('category', path.stem)}/{matcher['id']}")
    return frozenset(keys)
