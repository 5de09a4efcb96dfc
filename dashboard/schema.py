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


class Plan(Strict):
    id: Slug = Field(description="unique slug, e.g. modern-services-2019-2022")
    title: Text = Field(description="the plan's title as printed")
    title_en: Text | None = Field(None, description="English title")
    document: Text | None = Field(None, description="document number, e.g. 渝府发〔2019〕32号")
    issued: dt.date | None = Field(None, description="date of issue, YYYY-MM-DD")
    base_year: Year = Field(description="year of the plan's baselines")
    target_year: Year = Field(description="the plan's final target year")
    thresholds: Thresholds | None = Field(None, description="override of the status thresholds")
    notes: Text | None = Field(None, description="free text")

    @model_validator(mode="after")
    def _years(self) -> Plan:
        if self.target_year <= self.base_year:
            raise CatalogRuleError(
                "target_year",
                f"expected a year after base_year {self.base_year}, found {self.target_year}",
            )
        return self


class Point(Strict):
    year: Year = Field(description="year")
    value: Number = Field(description="value, a plain number (the unit goes in unit:)")


class Target(Strict):
    year: Year = Field(description="year by which the target is to be met")
    value: Number | None = Field(None, description="target value (not for milestones)")


class DeclaredRate(Strict):
    value: Number = Field(description="the annual rate as printed in the plan")
    unit: Literal["%", "pp"] = Field(description='"%" (growth) or "pp" (percentage points a year)')
    basis: Literal["real", "nominal"] = Field("nominal", description="real (comparable prices) or nominal")


class Indicator(Strict):
    id: Slug = Field(description="unique slug across the file")
    plan: Slug = Field(description="id of the plan it belongs to")
    name: Text = Field(description="name as printed (Chinese)")
    name_en: Text | None = Field(None, description="English name")
    group: Text | None = Field(None, description="indicator group, e.g. 总量规模")
    unit: Text | None = Field(None, description="unit as printed, e.g. 亿元, %, 工作日 (not for milestones)")
    kind: Literal["level", "share", "milestone"] = Field(description="level | share | milestone")
    direction: Literal["increase", "decrease"] = Field(description="increase | decrease (lower is better)")
    baseline: Point | None = Field(None, description="{year, value} declared by the plan")
    target: Target = Field(description="{year, value}; milestone: year only")
    declared_rate: DeclaredRate | None = Field(None, description="the annual rate the plan prints")
    owner: Text | None = Field(None, description="department that enters the actuals")
    source: Text | None = Field(None, description="where in the document the numbers are")
    trend: Literal["linear"] | None = Field(None, description="linear: force a straight-line path")
    notes: Text | None = Field(None, description="free text: qualifiers, scope")

    @model_validator(mode="after")
    def _rules(self) -> Indicator:
        if self.kind == "milestone":
            if self.target.value is not None:
                raise CatalogRuleError(
                    "target.value", f"expected no value for a milestone (year only), found {self.target.value:g}"
                )
            return self
        if self.target.value is None:
            raise CatalogRuleError("target.value", f"expected a number for a {self.kind} indicator, found nothing")
        if self.unit is None:
            raise CatalogRuleError("unit", f"expected a unit for a {self.kind} indicator, found nothing")
        if self.baseline is not None:
            if self.target.year <= self.baseline.year:
                raise CatalogRuleError(
                    "target.year",
                    f"expected a year after the baseline year {self.baseline.year}, found {self.target.year}",
                )
            b, t = self.baseline.value, self.target.value
            if (self.direction == "increase" and t < b) or (self.direction == "decrease" and t > b):
                raise CatalogRuleError(
                    "direction",
                    f"expected {'decrease' if t < b else 'increase'} since the target {t:g} is "
                    f"{'below' if t < b else 'above'} the baseline {b:g}, found {self.direction}",
                )
        return self


class CatalogFile(Strict):
    version: Literal[1] = Field(description="format version, 1")
    plans: list[dict] = Field(description="the plans")
    indicators: list[dict] = Field(description="the indicators")


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


def field_table(model: type[BaseModel] = Indicator) -> list[tuple[str, str, bool, str]]:
    """(field, type, required, description) rows of a model, for the README and `schema`.

    >>> [row for row in field_table() if row[0] in ("kind", "target")]
    [('kind', 'level | share | milestone', True, 'level | share | milestone'), ('target', '{year, value}', True, \
'{year, value}; milestone: year only')]
    """
    return [(name, _type_name(info.annotation), info.is_required(), info.description or "")
            for name, info in model.model_fields.items()]
