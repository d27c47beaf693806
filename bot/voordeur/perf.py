"""Measured hot spots of Rasa 3.6.21 in our turn loop (see benchmarks/results), fixed without changing
what Rasa does:

1. `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` for every
   action-server response, and `validate` checks the schema and builds a new validator each time: a third
   of Rasa's CPU per turn under load. We validate against the same schema with validators built once, and
   instead of trying each event against all 23 branches of the schema's `oneOf` (every branch fixes
   `event` to one constant, so only the branch of the event's own type can match) we validate it against the
   common part plus that one branch. Whatever does not pass goes to Rasa's own check, for its error message.
2. The embedded SQLite tracker store commits every turn with a full fsync. WAL with synchronous=NORMAL
   keeps every committed turn durable against a process crash (only an OS crash may lose the last turns).
3. `EndpointConfig.request` opens a new aiohttp ClientSession, and so a new TCP connection, for every call to
   the action server (several per turn). We lend one long-lived session per event loop and endpoint settings,
   with keep-alive connections. Its idle keep-alive (15 s) is shorter than the action server's (Sanic: 120 s),
   so the client always closes an idle connection first and never sends on one the server just closed.
4. Every call to the action server carries the whole domain (all responses included) next to the tracker:
   JSON to encode here and to decode there, every time. rasa-sdk 3.21 keeps the last domain it received and
   accepts a `domain_digest` in its place; for an unknown digest it answers 449 and runs nothing. So each call
   carries the digest, the domain goes along until the action server has accepted it once, and after a 449
   (the action server restarted, or another instance answered) the call is made again with the domain.
5. Rasa copies every slot with `copy.copy` each time it replays a tracker (several times per predicted action).
   `Slot.__copy__` does the same shallow copy (a new object with the same attribute dict) four times faster.
6. `RulePolicy._get_possible_keys` matches every rule against every state of the conversation so far, while
   `_is_rule_applicable` accepts any rule at a turn further back than the rule is long. We match only the last
   states, as many as the longest rule has, with each rule's states decoded and reversed once (Rasa does that
   for every rule, state and prediction), using Rasa's own `_does_rule_match_state`: the same rules.
7. A button press arrives as "/intent" or '/intent{"entity": "value"}'. Rasa runs the whole NLU pipeline on
   it (DIET included) and then `RegexMessageHandler`, the last node of the NLU graph, replaces the message by
   the one `YAMLStoryReader.unpack_regex_message` makes from the payload: everything the pipeline computed is
   thrown away. For a payload that names a known intent we make that message directly; anything else (free
   text, an unknown intent, a malformed payload) goes through the pipeline as before.
8. `Event.resolve_by_type` walks every subclass of `Event` (and asks `inspect.isabstract` of each) for every
   event it deserialises: every event an action returns. We remember the answer per type name.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import weakref
from typing import Any, Dict, Text, Tuple

logger = logging.getLogger(__name__)
_installed = False
# What each patch replaced, so tests can run the original next to ours on the same input.
originals: Dict[Text, Any] = {}


def install() -> None:
    """Apply every patch of this module once per process (idempotent)."""
    global _installed
    if _installed:
        return
    _validate_responses_faster()
    _cache_event_types()
    _share_http_sessions()
    _send_domain_once()
    _fast_slot_copy()
    _match_rules_on_recent_states()
    _shortcut_button_payloads()
    _installed = True
    logger.debug("Rasa performance patches installed (bot/voordeur/perf.py)")


def response_checker() -> Any:
    """A function result -> bool: True only when the action-server response is valid against Rasa's schema."""
    from jsonschema import Draft202012Validator
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    common = {key: value for key, value in EVENT_SCHEMA.items() if key != "oneOf"}
    by_type: Dict[Text, Any] = {}
    for branch in EVENT_SCHEMA["oneOf"]:
        const = branch.get("properties", {}).get("event", {}).get("const")
        if not isinstance(const, str) or const in by_type:
            raise ValueError("Rasa's event schema changed: a oneOf branch without its own event constant")
        by_type[const] = Draft202012Validator({**common, "allOf": [branch]})

    def valid(result: Any) -> bool:
        if not isinstance(result, dict):
            return False
        if "events" in result:
            events = result["events"]
            if not isinstance(events, list):
                return False
            for event in events:
                if not isinstance(event, dict) or not isinstance(event.get("event"), str):
                    return False
                validator = by_type.get(event["event"])
                if validator is None or not validator.is_valid(event):
                    return False
        if "responses" in result:
            responses = result["responses"]
            if not isinstance(responses, list) or not all(isinstance(r, dict) for r in responses):
                return False
        return True

    return valid


def _validate_responses_faster() -> None:
    from rasa.core.actions.action import RemoteAction

    original = originals["RemoteAction._validate_action_result"] = RemoteAction._validate_action_result
    valid = response_checker()

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        # Anything our check does not pass goes to Rasa's own, which raises with its explanatory message.
        return True if valid(result) else original(self, result)

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


DOMAIN_MISSING = 449  # rasa-sdk: "send the domain again"
_domain_digest: list = [None, ""]  # [the Domain object, its digest]: one model is loaded at a time
_accepted: set = set()  # (action server url, domain digest) it has accepted


def domain_digest(domain: Any) -> str:
    """A stable digest of a domain, computed once per Domain object (by identity: `Domain.__hash__` is costly)."""
    if _domain_digest[0] is not domain:
        digest = hashlib.sha256(json.dumps(domain.as_dict(), sort_keys=True).encode()).hexdigest()
        _domain_digest[:] = [domain, digest]
    return _domain_digest[1]


def _send_domain_once() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import ClientResponseError  # Rasa's own, raised by EndpointConfig.request

    original_format = RemoteAction._action_call_format
    original_run = RemoteAction.run

    def _action_call_format(self: RemoteAction, tracker: Any, domain: Any) -> Dict[Text, Any]:
        body = original_format(self, tracker, domain)
        if "domain" in body:
            digest = domain_digest(domain)
            body["domain_digest"] = digest
            if (self.action_endpoint.url, digest) in _accepted:
                del body["domain"]
        return body

    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> Any:
        key = (self.action_endpoint.url if self.action_endpoint else None, domain_digest(domain))
        try:
            result = await original_run(self, output_channel, nlg, tracker, domain)
        except RasaException as exc:
            cause = exc.__cause__
            if not (isinstance(cause, ClientResponseError) and cause.status == DOMAIN_MISSING):
                raise
            logger.info("The action server does not know this domain (yet); calling %s again with it", self.name())
            _accepted.discard(key)
            result = await original_run(self, output_channel, nlg, tracker, domain)
        _accepted.add(key)
        return result

    RemoteAction._action_call_format = _action_call_format  # type: ignore[method-assign]
    RemoteAction.run = run  # type: ignore[method-assign]


_rule_tables: Dict[int, Tuple[Any, list, int]] = {}  # id(lookup) -> (lookup, [(key, reversed states)], longest)


def _match_rules_on_recent_states() -> None:
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.shared.core.constants import PREVIOUS_ACTION

    originals["RulePolicy._get_possible_keys"] = RulePolicy._get_possible_keys
    matches = RulePolicy._does_rule_match_state

    def _get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: list) -> Any:
        table = _rule_tables.get(id(lookup))
        if table is None or table[0] is not lookup:
            rows = [(key, list(reversed(self._rule_key_to_state(key)))) for key in lookup]
            table = _rule_tables[id(lookup)] = (lookup, rows, max((len(r) for _, r in rows), default=0))
        _, candidates, longest = table
        recent = states[-longest:]  # all of them when longest is 0 or exceeds the history
        # Rasa's `_is_rule_applicable`, step by step, for turn i going back in time.
        for i, state in enumerate(reversed(recent)):
            current_previous_action = state.get(PREVIOUS_ACTION)
            kept = []
            for row in candidates:
                rule_states = row[1]
                if i >= len(rule_states):
                    kept.append(row)  # the rule is shorter than the history looked at so far
                    continue
                rule_previous_action = rule_states[i].get(PREVIOUS_ACTION)
                if not rule_previous_action and not current_previous_action:
                    kept.append(row)  # both are conversation starts
                elif not rule_previous_action or not current_previous_action:
                    continue  # only one of them is a conversation start
                elif matches(rule_states[i], state):
                    kept.append(row)
            candidates = kept
        return {key for key, _ in candidates}

    RulePolicy._get_possible_keys = _get_possible_keys  # type: ignore[method-assign]


def _shortcut_button_payloads() -> None:
    from rasa.core.processor import MessageProcessor
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
    from rasa.shared.constants import INTENT_MESSAGE_PREFIX
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    original = originals["MessageProcessor._parse_message_with_graph"] = MessageProcessor._parse_message_with_graph
    extractor = RegexMessageHandler.__name__  # what RegexMessageHandler puts in the entities' extractor field

    def _parse_message_with_graph(self: MessageProcessor, message: Any, tracker: Any,
                                  only_output_properties: bool = True) -> Dict[Text, Any]:
        text = message.text
        if text and text.lstrip().startswith(INTENT_MESSAGE_PREFIX):
            parsed = Message({TEXT: text})
            unpacked = YAMLStoryReader.unpack_regex_message(parsed, self.domain, entity_extractor_name=extractor)
            if unpacked is not parsed:  # a known intent: exactly what the graph would return
                parse_data = {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: []}
                parse_data.update(unpacked.as_dict(only_output_properties=only_output_properties))
                return parse_data
        return original(self, message, tracker, only_output_properties)

    MessageProcessor._parse_message_with_graph = _parse_message_with_graph  # type: ignore[method-assign]


def _fast_slot_copy() -> None:
    from rasa.shared.core.slots import Slot

    def __copy__(self: Slot) -> Slot:
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new

    Slot.__copy__ = __copy__  # type: ignore[attr-defined]


def _cache_event_types() -> None:
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    by_type: Dict[Text, Any] = {}

    def resolve_by_type(type_name: Text, default: Any = None) -> Any:
        cls = by_type.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                by_type[type_name] = cls  # never the default, which differs per caller
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


KEEPALIVE_SECONDS = 15.0
_sessions: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Dict[Tuple, Any]]" = weakref.WeakKeyDictionary()


class _Lent:
    """`async with` lends a shared ClientSession and leaves it open (Rasa's code closes what `session()` gives)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _share_http_sessions() -> None:
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    def session(self: EndpointConfig) -> _Lent:
        loop = asyncio.get_running_loop()
        key = (tuple(sorted((self.headers or {}).items())), tuple(sorted((self.basic_auth or {}).items())))
        per_loop = _sessions.setdefault(loop, {})
        shared = per_loop.get(key)
        if shared is None or shared.closed:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            shared = aiohttp.ClientSession(
                headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
            per_loop[key] = shared
        return _Lent(shared)

    EndpointConfig.session = session  # type: ignore[method-assign]


async def close_http_sessions(*_: Any) -> None:
    """Close the shared sessions of the running loop (a Sanic `after_server_stop` listener)."""
    per_loop = _sessions.pop(asyncio.get_running_loop(), {})
    for shared in per_loop.values():
        await shared.close()


def tune_sqlite(store: Any) -> None:
    """A pooled engine with WAL + synchronous=NORMAL for an SQLite tracker store.

    SQLAlchemy 1.4 (Rasa's) gives a file SQLite database a NullPool: a new connection for every
    retrieve and save. A small QueuePool keeps them open; SQLite serialises writers itself.
    """
    if store.engine.dialect.name != "sqlite":
        return
    import sqlalchemy as sa
    from sqlalchemy import event

    store.engine.dispose()
    engine = sa.create_engine(store.engine.url, poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=4,
                              connect_args={"check_same_thread": False}, hide_parameters=True)
    store.engine = engine
    store.sessionmaker = sa.orm.session.sessionmaker(bind=engine)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
