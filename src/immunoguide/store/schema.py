"""The relational schema of the store (SQLAlchemy 2).

A build is a set of documents (one per drug, class, condition, topic, article
and source) plus one row in `published` pointing at the build that is live.
Publishing writes a whole build and moves the pointer in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Build(Base):
    __tablename__ = "builds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    content_hash: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)


class Document(Base):
    __tablename__ = "documents"

    build_id: Mapped[int] = mapped_column(ForeignKey("builds.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class Published(Base):
    """A single row (id 1) naming the live build."""

    __tablename__ = "published"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    build_id: Mapped[int] = mapped_column(ForeignKey("builds.id"))
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# --------------------------------------------------------------------------- the FDA label library
# One row per label set (set_id), holding its newest imported version; its sections in label
# order; the names it is known by; and every version seen, with a hash per section, so a
# reviewer can see which sections changed since the version a monograph cites.


class Label(Base):
    __tablename__ = "labels"

    set_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label_id: Mapped[str] = mapped_column(String(64))  # openFDA `id`: this version's document id
    version: Mapped[int] = mapped_column(Integer)
    effective_time: Mapped[str] = mapped_column(String(8))  # YYYYMMDD
    title: Mapped[str] = mapped_column(Text)
    generic_names: Mapped[str] = mapped_column(Text)
    manufacturer: Mapped[str] = mapped_column(Text)
    openfda: Mapped[dict[str, Any]] = mapped_column(JSON)
    section_hashes: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LabelSection(Base):
    __tablename__ = "label_sections"
    __table_args__ = (UniqueConstraint("set_id", "position", name="uq_label_sections_position"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)  # SQLite: the rowid, the search index's key
    set_id: Mapped[str] = mapped_column(ForeignKey("labels.set_id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(80))  # e.g. drug_interactions, or boxed_warning_table
    text: Mapped[str] = mapped_column(Text)


class LabelName(Base):
    __tablename__ = "label_names"
    __table_args__ = (Index("ix_label_names_norm_kind", "norm", "kind"),)

    set_id: Mapped[str] = mapped_column(ForeignKey("labels.set_id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # brand, generic, substance, rxcui, class, route
    norm: Mapped[str] = mapped_column(String(255), primary_key=True)  # lower case, single spaces
    value: Mapped[str] = mapped_column(Text)


class LabelVersion(Base):
    __tablename__ = "label_versions"

    set_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    label_id: Mapped[str] = mapped_column(String(64))
    effective_time: Mapped[str] = mapped_column(String(8))
    section_hashes: Mapped[dict[str, Any]] = mapped_column(JSON)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
