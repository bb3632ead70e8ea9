"""What a written file shows, as one digest: equal keys render equal bytes.

Owns the key of a template write: settings, template sources, and the state of
every value the templates name; a value whose state cannot be read gives no
key (the file is always rendered). It neither renders nor stores keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
import importlib.metadata
import io
import marshal
import pathlib
import pickle
import re
import types
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import meta
from pelican.contents import Content

# Bump when what a key covers changes, so no key of an older scheme matches.
_SCHEME = "legalsite-render-key-2"
_LIBRARIES = ("pelican", "jinja2", "markupsafe")
_JINJA = f"jinja2={importlib.metadata.version('jinja2')}"
# Attributes that hold the whole build (settings, the shared context): the
# settings are covered once per build, and what a template shows from the
# context is covered by name.
_SKIPPED_ATTRIBUTES = frozenset({"settings", "_context"})
_MAX_DEPTH = 60
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_PLAIN = (dt.date, dt.time, dt.timedelta, dt.tzinfo, decimal.Decimal, pathlib.PurePath)


class Unkeyable(Exception):
    """A value whose identity cannot be told from its state."""


class RenderKeys:
    """Keys for one writing pass; digests of content objects are kept for it.

    ``ignored`` names settings that shape no output (paths of the output, the
    cache and the report; the number of jobs).
    """

    def __init__(
        self,
        settings: Mapping[str, Any],
        *,
        ignored: Iterable[str],
        notes: dict[str, Any] | None = None,
    ) -> None:
        # What each template source names and uses, by the source's digest:
        # kept across builds by the caller, so unchanged templates are not
        # parsed again.
        self._notes = {} if notes is None else notes
        self._contents: dict[int, bytes] = {}
        self._keying: set[int] = set()  # content objects whose digest is being made
        self._shared: dict[int, tuple[Any, bytes]] = {}
        self._held: list[Any] = []  # keeps memoised objects alive: ids stay theirs
        self._closures: dict[tuple[int, str], tuple[bytes, tuple[str, ...]] | None] = {}
        self._shown: dict[int, bool] = {}
        skipped = frozenset(ignored)
        # The settings dict is keyed here, once; wherever objects refer to it
        # (content objects, URL wrappers), it is left out.
        self.opaque = {id(settings)}
        digest = hashlib.sha256(_SCHEME.encode())
        for name in _LIBRARIES:
            digest.update(f"{name}={importlib.metadata.version(name)};".encode())
        try:
            for key in sorted(k for k in settings if k.isupper() and k not in skipped):
                digest.update(key.encode() + b"=")
                self._feed(digest, settings[key], set(), 0)
            self._base: bytes | None = digest.digest()
        except Unkeyable:
            self._base = None

    def key(
        self,
        template: Any,
        *,
        name: str,
        context: Mapping[str, Any],
        extra: Mapping[str, Any],
        siteurl: str,
    ) -> str | None:
        """The key of writing ``template`` to ``name``; None if it has none.

        ``extra`` is what the writer adds to ``context`` for this file. Each
        variable the templates name is looked up as Jinja would (``extra``,
        then ``context``). Content objects handed in ``extra`` are also keyed
        by their text as this file shows it (links resolved for ``siteurl``).
        """
        if self._base is None:
            return None
        closure = self._closure(template)
        if closure is None:
            return None
        sources, names = closure
        digest = hashlib.sha256(self._base + sources)
        digest.update(f"{name}\0{siteurl}\0".encode())
        opaque = {id(context)}
        try:
            for variable in names:
                digest.update(variable.encode() + b"=")
                if variable in extra:
                    digest.update(self._value_digest(extra[variable], opaque))
                elif variable in context:
                    digest.update(self._shared_digest(context[variable], opaque))
                else:
                    digest.update(b"<absent>;")
            for value in extra.values():
                if isinstance(value, Content) and self._shows_more(value):
                    shown = value.get_content(siteurl).encode("utf-8", "surrogatepass")
                    digest.update(hashlib.sha256(shown).digest())
        except Unkeyable:
            return None
        return digest.hexdigest()

    def _shows_more(self, content: Content) -> bool:
        """Whether the text a file shows of ``content`` may differ from its state's.

        Pelican resolves intrasite links (``{filename}x.md``) against the
        other pages and the file's place, and calls a ``_get_content`` hook if
        a plugin gave one; text with neither is shown as it is held, which
        its state's digest already covers.
        """
        known = self._shown.get(id(content))
        if known is None:
            text = content._content or ""
            known = hasattr(content, "_get_content") or bool(
                content._get_intrasite_link_regex().search(text)
            )
            self._shown[id(content)] = known
            self._held.append(content)
        return known

    def _closure(self, template: Any) -> tuple[bytes, tuple[str, ...]] | None:
        """The sources of a template and all it uses, and the names they read."""
        environment = template.environment
        cached = (id(environment), template.name)
        if cached not in self._closures:
            self._closures[cached] = _closure_of(
                environment, template.name, self._notes
            )
            self._held.append(environment)
        return self._closures[cached]

    def _value_digest(self, value: Any, opaque: set[int]) -> bytes:
        """The digest of a value's state; content objects by their group's digest."""
        if isinstance(value, str | int | float | bool) or value is None:
            return hashlib.sha256(f"{type(value).__name__}:{value!r}".encode()).digest()
        if isinstance(value, Content):
            return self._content_digest(value)
        pickler = _StatePickler(self, opaque, follow=None)
        return hashlib.sha256(pickler.state(value)).digest()

    def _shared_digest(self, value: Any, opaque: set[int]) -> bytes:
        """A context value's digest, made once per pass: every file shares them."""
        known = self._shared.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        digest = self._value_digest(value, opaque)
        self._shared[id(value)] = (value, digest)
        return digest

    def _content_digest(self, content: Content) -> bytes:
        """One digest for a content object and every one its state refers to.

        Archived versions refer to each other, translations too: the group is
        keyed as a whole, each member by its own state (its attributes but the
        settings and the shared context), references between members by
        source path.
        """
        known = self._contents.get(id(content))
        if known is not None:
            return known
        if id(content) in self._keying:
            raise Unkeyable("content objects that hold each other in other values")
        self._keying.add(id(content))
        try:
            members: dict[int, bytes] = {}
            waiting = [content]
            group = []
            while waiting:
                member = waiting.pop()
                if id(member) in members:
                    continue
                state = {
                    k: v
                    for k, v in vars(member).items()
                    if k not in _SKIPPED_ATTRIBUTES
                }
                pickler = _StatePickler(self, {id(member._context)}, follow=waiting)
                data = pickler.state((_type_name(type(member)), state))
                members[id(member)] = hashlib.sha256(data).digest()
                group.append(member)
        finally:
            self._keying.discard(id(content))
        digest = hashlib.sha256(b"".join(sorted(members.values()))).digest()
        for member in group:
            self._contents[id(member)] = digest
        self._held.extend(group)
        return digest

    def _feed(self, digest: Any, value: Any, path: set[int], depth: int) -> None:
        """Add a setting's value to ``digest``, with its type at every level.

        Settings are walked rather than pickled: functions (Jinja filters)
        are keyed by their code, not only by their name.
        """
        if depth > _MAX_DEPTH:
            raise Unkeyable("too deep")
        kind = type(value)
        if value is None or kind in (bool, int, float, complex):
            digest.update(f"{kind.__name__}:{value!r};".encode())
            return
        if isinstance(value, str):  # Markup is a str: its type is part of the key
            data = value.encode("utf-8", "surrogatepass")
            digest.update(f"{_type_name(kind)}:{len(data)}:".encode() + data)
            return
        if isinstance(value, bytes | bytearray):
            digest.update(f"{_type_name(kind)}:{len(value)}:".encode() + bytes(value))
            return
        if isinstance(value, (*_PLAIN, enum.Enum)):
            digest.update(f"{_type_name(kind)}:{value!r};".encode())
            return
        if id(value) in path:
            raise Unkeyable(f"a cycle through {_type_name(kind)}")
        path.add(id(value))
        try:
            self._feed_container(digest, value, path, depth)
        finally:
            path.discard(id(value))

    def _feed_container(
        self, digest: Any, value: Any, path: set[int], depth: int
    ) -> None:
        kind = type(value)
        digest.update(f"{_type_name(kind)}(".encode())
        if isinstance(value, Mapping):
            for key, item in value.items():  # in order: templates iterate in it
                self._feed(digest, key, path, depth + 1)
                self._feed(digest, item, path, depth + 1)
        elif isinstance(value, list | tuple):
            for item in value:
                self._feed(digest, item, path, depth + 1)
        elif isinstance(value, set | frozenset):
            for item in sorted(self._digest_of(i, path, depth) for i in value):
                digest.update(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                digest.update(field.name.encode() + b"=")
                self._feed(digest, getattr(value, field.name), path, depth + 1)
        elif isinstance(value, types.FunctionType):
            self._feed_function(digest, value, path, depth)
        elif isinstance(value, type | types.BuiltinFunctionType | types.ModuleType):
            module = getattr(value, "__module__", "") or ""
            named = getattr(value, "__qualname__", value.__name__)
            digest.update(f"{module}.{named}".encode())
        elif hasattr(value, "__dict__"):
            for key, item in vars(value).items():
                if key not in _SKIPPED_ATTRIBUTES:
                    digest.update(key.encode() + b"=")
                    self._feed(digest, item, path, depth + 1)
        else:
            shown = repr(value)
            if _ADDRESS.search(shown):
                raise Unkeyable(f"{_type_name(kind)} shows only its address")
            digest.update(shown.encode("utf-8", "surrogatepass"))
        digest.update(b")")

    def _feed_function(
        self, digest: Any, value: Any, path: set[int], depth: int
    ) -> None:
        digest.update(f"{value.__module__}.{value.__qualname__}".encode())
        digest.update(marshal.dumps(value.__code__))
        self._feed(digest, value.__defaults__, path, depth + 1)
        self._feed(digest, value.__kwdefaults__, path, depth + 1)
        for cell in value.__closure__ or ():
            self._feed(digest, cell.cell_contents, path, depth + 1)

    def _digest_of(self, value: Any, path: set[int], depth: int) -> bytes:
        digest = hashlib.sha256()
        self._feed(digest, value, path, depth + 1)
        return digest.digest()


class _StatePickler(pickle.Pickler):
    """Pickles a value's state, in C, as the bytes of its key.

    No memo (``fast``): equal states give equal bytes whatever objects they
    share. The build's settings and shared context are left out wherever an
    object refers to them (they are keyed once, and by name); content objects
    are replaced by their group's digest, or, inside a group, by their source
    path (``follow`` collects them).
    """

    def __init__(
        self, keys: RenderKeys, opaque: set[int], *, follow: list[Content] | None
    ) -> None:
        self._buffer = io.BytesIO()
        super().__init__(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self._keys = keys
        self._opaque = opaque | keys.opaque
        self._follow = follow

    def state(self, value: Any) -> bytes:
        try:
            self.dump(value)
        except Unkeyable:
            raise
        except Exception as error:  # unpicklable, self-referential, too deep
            raise Unkeyable(f"{type(error).__name__}: {error}") from error
        return self._buffer.getvalue()

    def reducer_override(self, obj: Any) -> Any:
        # Called for every object but exact str, int, float, bytes, dict,
        # list, tuple, set and the singletons: cheap where it matters.
        if isinstance(obj, Content):
            if self._follow is None:
                return _reference, ("content", self._keys._content_digest(obj))
            self._follow.append(obj)
            return _reference, ("member", obj.source_path)
        state = getattr(obj, "__dict__", None)
        if isinstance(state, dict) and not self._opaque.isdisjoint(
            map(id, state.values())
        ):
            kept = {k: v for k, v in state.items() if id(v) not in self._opaque}
            return _state_of, (_type_name(type(obj)), kept)
        return NotImplemented


def _reference(kind: str, identity: object) -> None:
    """Stands for a content object in a key's bytes; never called."""


def _state_of(kind: str, state: dict[str, Any]) -> None:
    """Stands for an object's state without the build's settings; never called."""


def _closure_of(
    environment: Any, name: str | None, notes: dict[str, Any]
) -> tuple[bytes, tuple[str, ...]] | None:
    """Sources and free variable names of ``name`` and every template it uses.

    None when a template is named at run time (``{% include page.x %}``):
    what it uses cannot be known without rendering. ``notes`` holds what
    each source names and uses, by its digest (and Jinja's version).
    """
    if name is None or environment.loader is None:
        return None
    sources: dict[str, str] = {}
    names: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in sources:
            continue
        source = environment.loader.get_source(environment, current)[0]
        noted = hashlib.sha256(
            f"{_JINJA}\0{source}".encode("utf-8", "surrogatepass")
        ).hexdigest()
        if noted not in notes:
            tree = environment.parse(source)
            notes[noted] = [
                sorted(meta.find_undeclared_variables(tree)),
                list(meta.find_referenced_templates(tree)),
            ]
        free, used = notes[noted]
        names.update(free)
        for other in used:
            if other is None:
                return None
            waiting.append(other)
        sources[current] = source
    digest = hashlib.sha256()
    for current in sorted(sources):
        data = sources[current].encode("utf-8", "surrogatepass")
        digest.update(f"{current}:{len(data)}:".encode() + data)
    return digest.digest(), tuple(sorted(names))


def _type_name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"
