"""The declarative schema of `indicators.yaml`: one pydantic model per block.

These models are the single description of the catalog format: they drive loading, type
checks, defaults and the field table in the README (`python -m dashboard schema`).
Cross-record rules (duplicate ids, plan references) live in `catalog.py`.
"""

from __future__ import annotations

import datetime as dt
import typing
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Year = Annotated[int, Field(strict=True, ge=1900, le=2200)]
Slug = Annotated[str, Field(strict=True, pattern=SLUG)]
Text = Annotated[str, Field(strict=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class CatalogRuleError(ValueError):
    """A rule that spans several fields of one record (reported at `field`)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class Thresholds(Strict):
    """Pace-ratio thresholds of the status rules (methodology.md); defaults in metrics.THRESHOLDS."""

    on_track: Number | None = Field(None, description="lowest pace ratio that is on track (0.95)")
    moderate: Number | None = Field(None, description="lowest pace ratio that is moderate (0.60)")
    limited: Number | None = Field(None, description="lowest pace ratio that is limited (0)")

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        given = [(name, getattr(self, name)) for name in ("on_track", "moderate", "limited")
                 if getattr(self, name) is not None]
        for (high, a), (low, b) in zip(given, given[1:], strict=False):
            if a <= b:
                raise CatalogRuleError(
                    low, f"expected a value below {high} ({a:g}), found {b:g} — a status "
                    "between them could never be reached")
        return self


class Release(Strict):
    """When a year's figure is due: by `day` `month` of the next year (31 March: month 3, day 31)."""

    month: Annotated[int, Field(strict=True, ge=1, le=12)] = Field(description="month of the next year")
    day: Annotated[int, Field(strict=True, ge=1, le=31)] = Field(31, description="day of that month (31: its end)")


ReleaseField = Release | Literal["irregular"]


class Plan(Strict):
    id: Slug = Field(description="unique slug, e.g. modern-services-2019-2022")
    title: Text = Field(description="the plan's title as printed")
    title_en: Text | None = Field(None, description="English title")
    document: Text | None = Field(None, description="document number, e.g. 渝府发〔2019〕32号")
    issued: dt.date | None = Field(None, description="date of issue, YYYY-MM-DD")
    base_year: Year = Field(description="year of the plan's baselines")
    target_year: Year = Field(description="the plan's final target year")
    thresholds: Thresholds | None = Field(None, description="override of the status thresholds")
    release: ReleaseField | None = Field(None, description="default due date of a year's figure: {month, day} of "
                                         "the next year, or irregular (no updates expected)")
    group_release: dict[str, ReleaseField] | None = Field(None, description="due dates by indicator group")
    notes: Text | None = Field(None, description="free text")

    @model_validator(mode="after")
    def _years(self) -> Plan:
        if self.target_year <= self.base_year:
            raise CatalogRuleError(
                "target_year",
                f"expected a year after base_year {self.base_year}, found {self.target_year}",
            )
        return self


class Baseline(Strict):
    year: Year = Field(description="year")
    value: Number | None = Field(None, description="value, a plain number (the unit goes in unit:); growth: none")
    source: Text | None = Field(None, description="where the baseline comes from when the plan prints none")


Point = Baseline  # version 1 name


OPS = (">=", ">", "<=", "<", "~")
OP_DIRECTION = {">=": "increase", ">": "increase", "<=": "decrease", "<": "decrease"}


class Target(Strict):
    year: Year = Field(description="year by which the target is to be met")
    value: Number | None = Field(None, description="target value (not for milestones)")
    factor: Number | None = Field(None, description="target as a multiple of the baseline (翻一番 = 2)")
    op: Literal[">=", ">", "<=", "<", "~"] | None = Field(
        None, description="comparator: >= (default up), >, <= (default down), <, ~ (左右)")
    tolerance: Number | None = Field(None, description="for op ~: met within this fraction of the target (0.02)")
    month: Annotated[int, Field(strict=True, ge=1, le=12)] | None = Field(
        None, description="milestone: month of the deadline (2019年9月底前)")


class DeclaredRate(Strict):
    value: Number = Field(description="the annual rate as printed in the plan")
    unit: Literal["%", "pp"] = Field(description='"%" (growth) or "pp" (percentage points a year)')
    basis: Literal["real", "nominal", "pp"] | None = Field(
        None, description="real (comparable prices), nominal, or pp (share rates); default nominal, pp for pp")

    @property
    def resolved_basis(self) -> str:
        return self.basis or ("pp" if self.unit == "pp" else "nominal")


class Indicator(Strict):
    id: Slug = Field(description="unique slug across every file")
    plan: Slug = Field(description="id of the plan it belongs to")
    name: Text = Field(description="name as printed (Chinese)")
    name_en: Text | None = Field(None, description="English name")
    group: Text | None = Field(None, description="indicator group, e.g. 总量规模")
    group_en: Text | None = Field(None, description="English name of the group")
    unit: Text | None = Field(None, description="unit as printed, e.g. 亿元, %, 工作日 (not for milestones)")
    kind: Literal["level", "share", "growth", "milestone"] = Field(description="level | share | growth | milestone")
    direction: Literal["increase", "decrease"] | None = Field(
        None, description="increase | decrease (lower is better); required, except for milestones (none)")
    baseline: Baseline | None = Field(None, description="{year, value, source}; growth: {year} only")
    target: Target | None = Field(None, description="{year, value | factor, op, tolerance, month}")
    targets: list[Target] | None = Field(None, description="interim and final targets in year order (or target:)")
    hold: bool | None = Field(None, description="true: a floor/ceiling kept every year (保持/稳定在…)")
    tracks: Slug | None = Field(None, description="growth: id of the level indicator whose rate this is")
    declared_rate: DeclaredRate | None = Field(None, description="the annual rate the plan prints")
    owner: typing.Any = Field(None, description="department that enters the actuals, or a list (lead first)")
    source: Text | None = Field(None, description="where in the document the numbers are")
    trend: Literal["linear"] | None = Field(None, description="linear: force a straight-line path")
    release: ReleaseField | None = Field(None, description="due date of a year's figure (else the group's or "
                                         "plan's): {month, day} of the next year, or irregular")
    notes: Text | None = Field(None, description="free text: qualifiers, scope")

    @property
    def all_targets(self) -> tuple[Target, ...]:
        """The targets in year order, the last one final."""
        return tuple(self.targets) if self.targets else ((self.target,) if self.target else ())

    @property
    def final(self) -> Target:
        return self.all_targets[-1]

    @property
    def owners(self) -> tuple[str, ...]:
        """Departments that enter the figures, lead first."""
        if self.owner is None:
            return ()
        return (self.owner,) if isinstance(self.owner, str) else tuple(self.owner)

    @property
    def lead(self) -> str | None:
        return self.owners[0] if self.owners else None

    def target_values(self) -> list[float | None]:
        """Each target's value, a `factor` resolved against the baseline (None where it cannot be)."""
        base = self.baseline.value if self.baseline else None
        return [t.value if t.value is not None else (t.factor * base if t.factor is not None and base is not None
                                                     else None) for t in self.all_targets]

    @model_validator(mode="after")
    def _rules(self) -> Indicator:
        if self.owner is not None and not (
                (isinstance(self.owner, str) and self.owner.strip())
                or (isinstance(self.owner, list) and self.owner
                    and all(isinstance(o, str) and o.strip() for o in self.owner))):
            shown = "a list with something other than text" if isinstance(self.owner, list) else repr(self.owner)
            raise CatalogRuleError("owner", f"expected a department, or a list of departments (lead first), found "
                                   f"{shown}")
        if (self.target is None) == (self.targets is None):
            raise CatalogRuleError("target", "expected one target: or a targets: list, found "
                                   + ("both" if self.target else "neither"))
        if self.targets is not None and not self.targets:
            raise CatalogRuleError("targets", "expected at least one target, found an empty list")
        key = "target" if self.target is not None else "targets"

        def at(i: int, name: str | None = None) -> str:
            where = key if key == "target" else f"targets.{i}"
            return f"{where}.{name}" if name else where

        if self.kind == "milestone":
            return self._milestone_rules(at)
        if self.direction is None:
            raise CatalogRuleError("direction", f"expected increase or decrease for a {self.kind} indicator, "
                                   "found nothing")
        if self.unit is None:
            raise CatalogRuleError("unit", f"expected a unit for a {self.kind} indicator, found nothing")
        if self.tracks is not None and self.kind != "growth":
            raise CatalogRuleError("tracks", f"expected tracks: only on a growth indicator, found it on a {self.kind}")
        if self.kind == "growth":
            self._growth_rules(at)
        elif self.baseline is not None and self.baseline.value is None:
            raise CatalogRuleError("baseline.value", f"expected a number for a {self.kind} baseline, found nothing")
        base = self.baseline.value if self.baseline else None
        d = 1 if self.direction == "increase" else -1
        previous, previous_what = base, "the baseline"
        for i, tg in enumerate(self.all_targets):
            self._target_rules(tg, i, at, base)
            if self.baseline is not None and tg.year <= self.baseline.year:
                raise CatalogRuleError(at(i, "year"), f"expected a year after the baseline year {self.baseline.year}, "
                                       f"found {tg.year}")
            if i and tg.year <= self.all_targets[i - 1].year:
                raise CatalogRuleError(at(i, "year"), f"expected targets in increasing year order: a year after "
                                       f"{self.all_targets[i - 1].year}, found {tg.year}")
            value = self.target_values()[i]
            if value is not None and previous is not None and d * (value - previous) < 0 and not self.hold:
                if i == 0 and len(self.all_targets) == 1:
                    raise CatalogRuleError(
                        "direction", f"expected {'decrease' if value < previous else 'increase'} since the target "
                        f"{value:g} is {'below' if value < previous else 'above'} the baseline {previous:g}, found "
                        f"{self.direction}")
                raise CatalogRuleError(
                    at(i, "value"), f"expected a target at least as far in the direction ({self.direction}) as "
                    f"{previous_what} {previous:g}, found {value:g} — targets may not go back against the direction"
                    + (" (a level already met is kept, not reached: add hold: true)" if i == 0 else ""))
            if value is not None:
                previous, previous_what = value, f"the {self.all_targets[i].year} target"
        return self

    def _target_rules(self, tg: Target, i: int, at, base) -> None:
        if tg.month is not None:
            raise CatalogRuleError(at(i, "month"), f"expected month only on a milestone, found it on a {self.kind}")
        if tg.value is not None and tg.factor is not None:
            raise CatalogRuleError(at(i, "factor"), "expected value or factor, found both")
        if tg.value is None and tg.factor is None:
            raise CatalogRuleError(at(i, "value"), f"expected a number for a {self.kind} indicator, found nothing")
        if tg.factor is not None:
            if base is None:
                raise CatalogRuleError(at(i, "factor"), "expected a baseline value for a factor target (T = factor × "
                                       "baseline), found no baseline — give baseline: {year, value} or write value:")
            if tg.factor <= 0:
                raise CatalogRuleError(at(i, "factor"), f"expected a factor above 0, found {tg.factor:g}")
        if tg.op in OP_DIRECTION and OP_DIRECTION[tg.op] != self.direction:
            allowed = '">=", ">"' if self.direction == "increase" else '"<=", "<"'
            raise CatalogRuleError(at(i, "op"), f'expected an op that fits direction {self.direction} ({allowed} '
                                   f'or "~"), found "{tg.op}"')
        if tg.tolerance is not None:
            if tg.op != "~":
                raise CatalogRuleError(at(i, "tolerance"), f'expected tolerance only with op "~", found op '
                                       f'"{tg.op or "(default)"}"')
            if not 0 <= tg.tolerance < 1:
                raise CatalogRuleError(at(i, "tolerance"), f"expected a fraction from 0 to below 1 (0.02 = 2 %), "
                                       f"found {tg.tolerance:g}")

    def _growth_rules(self, at) -> None:
        if self.direction != "increase":
            raise CatalogRuleError("direction", "expected increase for a growth indicator, found decrease — a "
                                   "ceiling on a rate is a hold target on a share indicator")
        if self.baseline is None:
            raise CatalogRuleError("baseline", "expected baseline: {year: …} for a growth indicator (the year the "
                                   "growth is counted from), found nothing")
        if self.baseline.value is not None:
            raise CatalogRuleError("baseline.value", f"expected no value for a growth indicator (year only), found "
                                   f"{self.baseline.value:g}")
        if self.hold:
            raise CatalogRuleError("hold", "expected no hold on a growth indicator — a yearly floor on a rate is a "
                                   "hold target on a share indicator")
        for i, tg in enumerate(self.all_targets):
            if tg.factor is not None:
                raise CatalogRuleError(at(i, "factor"), "expected a rate as value for a growth indicator, found factor")
            if tg.value is not None and tg.value <= 0:
                raise CatalogRuleError(at(i, "value"), f"expected an average annual rate above 0 (in %), found "
                                       f"{tg.value:g}")

    def _milestone_rules(self, at) -> Indicator:
        for name in ("direction", "unit", "hold", "declared_rate", "trend", "tracks"):
            if getattr(self, name) is not None:
                raise CatalogRuleError(name, f"expected no {name} for a milestone (done or not done), found "
                                       f"{getattr(self, name)!r}".replace("'", '"'))
        if self.baseline is not None:
            raise CatalogRuleError("baseline", "expected no baseline for a milestone, found one")
        for i, tg in enumerate(self.all_targets):
            for name in ("value", "factor", "op", "tolerance"):
                if getattr(tg, name) is not None:
                    raise CatalogRuleError(at(i, name), f"expected no {name} for a milestone (year and month only), "
                                           f"found {getattr(tg, name)}")
            if i and tg.year <= self.all_targets[i - 1].year:
                raise CatalogRuleError(at(i, "year"), f"expected targets in increasing year order: a year after "
                                       f"{self.all_targets[i - 1].year}, found {tg.year}")
        return self


class CatalogFile(Strict):
    version: Literal[1] = Field(description="format version, 1")
    include: list[Text] | None = Field(None, description="more files or globs (plans/*.yaml), relative to this one")
    plans: list[dict] = Field([], description="the plans")
    indicators: list[dict] = Field([], description="the indicators")
    departments: list[dict] = Field([], description="renamed departments: {name: new name, aliases: [old names]}")


class IncludedFile(CatalogFile):
    """A file named by `include:`: plans and/or indicators; `version` optional."""

    version: Literal[1] | None = Field(None, description="format version, 1 (optional in an included file)")


def _type_name(annotation) -> str:
    """A readable name of a field type: number, year, text, one of a | b, {year, value} …"""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return " | ".join(map(str, args))
    if origin is Annotated:
        return {int: "year", float: "number", str: "slug" if annotation is Slug else "text"}.get(args[0], "value")
    if args:  # Optional[...] / unions
        return " | ".join(_type_name(a) for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "{" + ", ".join(annotation.model_fields) + "}"
    plain = {dt.date: "date", int: "year", float: "number", str: "text"}
    return plain.get(annotation, getattr(annotation, "__name__", str(annotation)))


TYPE_NAMES = {"owner": "text | list of text"}


def field_table(model: type[BaseModel] = Indicator) -> list[tuple[str, str, bool, str]]:
    """(field, type, required, description) rows of a model, for the README and `schema`.

    >>> [row[:3] for row in field_table() if row[0] in ("kind", "target", "owner")]
    [('kind', 'level | share | growth | milestone', True), ('target', '{year, value, factor, op, tolerance, month}', \
False), ('owner', 'text | list of text', False)]
    """
    return [(name, TYPE_NAMES.get(name) or _type_name(info.annotation), info.is_required(), info.description or "")
            for name, info in model.model_fields.items()]
