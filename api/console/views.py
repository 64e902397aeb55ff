"""The console's pages. Views are thin: each calls the staff API's own route function (same
validation, same rules, the signed-in person's token) or a domain function, and renders plain
data. Any AirclassError becomes the error page in the page's language, with its HTTP status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from airclass.api.auth import issue_token
from airclass.api.config_dirs import config_directory, known_configs
from airclass.api.db import versions
from airclass.api.db.auth_models import Role
from airclass.api.db.job_models import Job
from airclass.api.deps import NowDep, SessionDep, SettingsDep
from airclass.api.jobs import JobRunnerDep, request_cancel
from airclass.api.media_paths import existing_file, inside
from airclass.api.routes import staff_media, staff_plans, staff_reviews, staff_tokens
from airclass.api.routes.staff_jobs import get_job
from airclass.api.staff_errors import UnknownAssetError
from airclass.api.uploads import check_declared_length, save_stream
from airclass.config.errors import AirclassError
from airclass.config.i18n import t
from airclass.media.gate import acceptances, holds
from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import library, week
from .patterns import patterns_samples
from .precheck import pre_air_check
from .session import (
    LANGUAGES,
    Admin,
    Editor,
    ForbiddenError,
    Scheduler,
    SignedIn,
    SignedOutError,
    Staff,
    close_session,
    current_staff,
    open_session,
    page_language,
    sign_in,
)

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
HTMX = "htmx-2.0.11.min.js"


class ConsoleError(AirclassError):
    """A console-only refusal (e.g. cancelling someone else's job), shown on the error page."""

    def __init__(self, key: str, status_code: int = 400, **fields: object) -> None:
        self.key, self.status_code, self.fields = key, status_code, fields
        super().__init__(t(key, "en", **fields))

    def message(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.fields)


class ConsoleRoute(APIRoute):
    """Errors raised by a view render as the console's error page, not the API's JSON."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except SignedOutError:
                if request.method == "GET":
                    return RedirectResponse("/console/login", status_code=303)
                return _error(request, 401, t("console.login.needed", _lang(request)))
            except ForbiddenError as exc:
                needed = " | ".join(sorted(exc.needed))
                text = t("api.auth.forbidden", _lang(request), needed=needed, role=exc.role)
                return _error(request, 403, text)
            except AirclassError as exc:
                message = exc.message(_lang(request))
                return _error(request, getattr(exc, "status_code", 400), message)
            except ValidationError as exc:
                fields = "; ".join(
                    f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
                )
                return _error(
                    request, 422, t("console.error.invalid", _lang(request), fields=fields)
                )

        return route


router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


def _lang(request: Request) -> str:
    return page_language(request, request.app.state.settings.lang)


def render(
    request: Request, name: str, staff: Staff | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    lang = staff.lang if staff else _lang(request)
    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "staff": staff,
            "lang": lang,
            "_": lambda key, **fields: t(key, lang, **fields),
            "csrftoken": request.scope["csrftoken"](),
            "htmx": HTMX,
            "Role": Role,
            **context,
        },
        status_code=status_code,
    )
    if staff and request.query_params.get("lang") in LANGUAGES:
        open_session(request, response, staff.token, lang)  # the switch sticks
    return response


def _error(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(request, "error.html", None, status_code, message=message)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _config_name(session: Session, settings: Any, asked: str | None) -> str:
    """The config asked for, else the newest version's, else the first known one."""
    if asked:
        config_directory(asked, settings)  # unknown → 404 listing the known names
        return asked
    newest = session.scalars(
        select(versions.ScheduleVersion).order_by(versions.ScheduleVersion.id.desc()).limit(1)
    ).first()
    if newest is not None:
        name = Path(newest.config).name
        if name in known_configs(settings):
            return name
    return next(iter(sorted(known_configs(settings))), "demo")


ConfigQuery = Annotated[str | None, Query(max_length=100)]


# Sign-in ------------------------------------------------------------------------------------


@router.get("")
def home(request: Request, session: SessionDep, now: NowDep) -> Response:
    current_staff(request, session, request.app.state.engine)  # signed out: to the login page
    return RedirectResponse(f"/console/week/{_monday(now.date()).isoformat()}", status_code=303)


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", None)


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Form(max_length=500)],
    lang: Annotated[str, Form()] = "zh",
) -> Response:
    found = sign_in(session, token)
    chosen = lang if lang in LANGUAGES else "zh"
    if found is None:
        message = t("console.login.refused", chosen)
        return render(request, "login.html", None, 401, failure=message)
    response = RedirectResponse("/console", status_code=303)
    open_session(request, response, found, chosen)  # type: ignore[arg-type]
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/console/login", status_code=303)
    close_session(response)
    return response


# Week -----------------------------------------------------------------------------------------


@router.get("/week/{day}")
def week_page(
    request: Request,
    day: dt.date,
    staff: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    grade: Annotated[int | None, Query(ge=1, le=12)] = None,
    version: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
    config: ConfigQuery = None,
) -> HTMLResponse:
    monday = _monday(day)
    shown = week.shown_version(session, monday, version)
    context: dict[str, Any] = {
        "monday": monday,
        "grade": grade,
        "version": shown,
        "all_versions": week.week_versions(session, monday),
        "configs": sorted(known_configs(settings)),
        "config": _config_name(session, settings, config),
        "previous_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
    }
    if shown is not None:
        plan = versions.load_plan(session, shown.id)
        config_name = Path(plan.config).name
        config_dir = known_configs(settings).get(config_name)
        world = week.load_config_world(config_dir)
        diff = week.diff_against_published(session, shown)
        names = {c["id"]: c["name"] for c in shown.channels}
        # The plan's own reason for each waiting lesson; plans written before it had one ask
        # the gate now.
        waiting: dict[str, Any] = {w.lesson_id: w for w in plan.waiting}
        if world and not plan.waiting:
            gate = holds(session, world, settings.media_root)
            assets = {r.id: r.lesson.asset for r in world.lessons()}
            waiting = {lesson: gate[a] for lesson, a in assets.items() if a in gate}
        context |= {
            "plan": plan,
            "config": config_name,
            "grids": week.week_grids(plan, world, names, grade=grade, changes=diff.by_uid),
            "diff": diff,
            "carried": [
                (g.grade, lesson, waiting.get(lesson))
                for g in plan.grades
                for lesson in g.carried_over
                if grade is None or g.grade == grade
            ],
            "grades": sorted({a.grade for a in plan.airings}),
            "preair": None
            if world is None
            else pre_air_check(
                session,
                plan,
                world,
                settings.media_root,
                now=now,
                timeout=settings.media_timeout_seconds,
            ),
        }
    return render(request, "week.html", staff, **context)


@router.post("/plans")
def plan_week(
    request: Request,
    staff: Scheduler,
    settings: SettingsDep,
    runner: JobRunnerDep,
    config: Annotated[str, Form(max_length=100)],
    week_of: Annotated[dt.date, Form()],
    time_limit: Annotated[float | None, Form(gt=0, le=3600)] = None,
) -> Response:
    body = staff_plans.PlanCreate(config=config, week=week_of, time_limit_seconds=time_limit)
    job = staff_plans.start_plan(body, settings, runner, staff.token)
    return RedirectResponse(f"/console/jobs/{job.id}", status_code=303)


@router.post("/replans")
def replan_week(
    request: Request,
    staff: Scheduler,
    session: SessionDep,
    settings: SettingsDep,
    runner: JobRunnerDep,
    version_id: Annotated[int, Form(ge=1, le=2**63 - 1)],
    withdraw: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies defaults
    preempt: Annotated[str, Form(max_length=300)] = "",
    time_limit: Annotated[float | None, Form(gt=0, le=3600)] = None,
) -> Response:
    body = staff_plans.ReplanCreate(
        version_id=version_id,
        withdraw=[w for w in withdraw if w],
        preempt=[preempt.strip()] if preempt.strip() else [],
        time_limit_seconds=time_limit,
    )
    job = staff_plans.start_replan(body, session, settings, runner, staff.token)
    return RedirectResponse(f"/console/jobs/{job.id}", status_code=303)


@router.get("/versions/{version_id}/publish")
def confirm_publish(
    request: Request, version_id: int, staff: Scheduler, session: SessionDep
) -> HTMLResponse:
    shown = versions.get_version(session, version_id)
    diff = week.diff_against_published(session, shown)
    return render(request, "publish.html", staff, version=shown, diff=diff)


@router.post("/versions/{version_id}/publish")
def publish(
    request: Request, version_id: int, staff: Scheduler, session: SessionDep, now: NowDep
) -> Response:
    result = staff_plans.publish_version(version_id, session, now, staff.token)
    url = f"/console/week/{result.week.isoformat()}?version={version_id}&published=1"
    return RedirectResponse(url, status_code=303)


# Library --------------------------------------------------------------------------------------


@router.get("/library")
def library_page(
    request: Request,
    staff: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    config: ConfigQuery = None,
    grade: Annotated[int | None, Query(ge=1, le=12)] = None,
    verdict: Annotated[str | None, Query(max_length=16)] = None,
    review: Annotated[str | None, Query(max_length=16)] = None,
) -> HTMLResponse:
    name = _config_name(session, settings, config)
    world = week.load_config_world(config_directory(name, settings))
    rows = (
        library.library_rows(
            session, world, settings.media_root, grade=grade, verdict=verdict, review=review
        )
        if world
        else []
    )
    levels = world.policy.review.level_ids if world else []
    filters = {"grade": grade, "verdict": verdict, "review": review}
    return render(
        request, "library.html", staff, rows=rows, config=name, levels=levels, filters=filters
    )


def _asset_world(session: Session, settings: Any, config: str | None, asset: str) -> tuple:
    name = _config_name(session, settings, config)
    world = week.load_config_world(config_directory(name, settings))
    if world is None or not any(r.lesson.asset == asset for r in world.lessons()):
        raise UnknownAssetError(asset, name)
    return name, world


@router.get("/library/{asset}")
def file_page(
    request: Request,
    asset: str,
    staff: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    config: ConfigQuery = None,
) -> HTMLResponse:
    name, world = _asset_world(session, settings, config, asset)
    row = library.library_row(session, world, settings.media_root, asset)
    levels = world.policy.review.level_ids
    return render(
        request,
        "file.html",
        staff,
        row=row,
        config=name,
        levels=levels,
        path=world.assets[asset].path,
        timeline=library.file_timeline(session, row, staff.lang),
    )


@router.get("/validations/{validation_id}/strip.jpg")
def strip_image(
    validation_id: Annotated[int, PathParam(ge=1, le=2**63 - 1)],
    staff: SignedIn,
    session: SessionDep,
) -> Response:
    """The thumbnail strip of one validation's timeline (it never changes: cache it)."""
    jpeg = library.strip_of(session, validation_id)
    if jpeg is None:
        raise ConsoleError("console.timeline.no_strip", 404, validation=validation_id)
    headers = {"cache-control": "private, max-age=86400, immutable"}
    return Response(jpeg, media_type="image/jpeg", headers=headers)


@router.put("/library/{asset}/file")
async def upload(
    request: Request,
    asset: str,
    staff: Editor,
    session: SessionDep,
    settings: SettingsDep,
    runner: JobRunnerDep,
    config: ConfigQuery = None,
) -> JSONResponse:
    """The page's script streams the dropped file here (CSRF token in its header). Saved as
    the asset's path (size-limited, atomic) and validated as a job, exactly as
    PUT /api/v1/media/files and POST /api/v1/media/validations do; answers the job page URL."""
    name, world = _asset_world(session, settings, config, asset)
    relative = str(world.assets[asset].path)
    target = inside(settings.media_root, relative)
    limit = settings.max_upload_bytes
    check_declared_length(request.headers.get("content-length"), limit=limit)
    await save_stream(request.stream(), target, limit=limit)
    grade = next(r.grade for r in world.lessons() if r.lesson.asset == asset)
    profile = acceptances(world, grade)[0].profile  # the gate's question: its channel's profile
    body = staff_media.ValidationCreate(paths=[relative], config=name, profile=profile)
    job = staff_media.validate_files(body, settings, runner, staff.token)
    return JSONResponse({"next": f"/console/jobs/{job.id}?asset={asset}&config={name}"})


@router.get("/media/{asset}")
def media_file(
    asset: str,
    staff: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    config: ConfigQuery = None,
) -> FileResponse:
    """The lesson's file for the review player; Starlette answers Range requests (206)."""
    _, world = _asset_world(session, settings, config, asset)
    return FileResponse(existing_file(settings.media_root, world.assets[asset].path))


# Reviews --------------------------------------------------------------------------------------


@router.get("/reviews")
def reviews_page(
    request: Request,
    staff: SignedIn,
    session: SessionDep,
    settings: SettingsDep,
    config: ConfigQuery = None,
) -> HTMLResponse:
    name = _config_name(session, settings, config)
    world = week.load_config_world(config_directory(name, settings))
    rows = library.library_rows(session, world, settings.media_root) if world else []
    waiting = [r for r in rows if r.status.hold and r.status.hold.level]
    mine = {
        r.status.asset_id
        for r in waiting
        if r.status.checksum and staff.name in _signers(session, r.status.checksum)
    }
    return render(request, "reviews.html", staff, rows=waiting, config=name, signed_by_me=mine)


def _signers(session: Session, checksum: str) -> set[str]:
    from airclass.media.catalogue import ReviewSignoff

    query = select(ReviewSignoff.reviewer).where(ReviewSignoff.checksum == checksum)
    return set(session.scalars(query))


@router.post("/reviews")
def sign(
    request: Request,
    staff: Editor,
    session: SessionDep,
    settings: SettingsDep,
    config: Annotated[str, Form(max_length=100)],
    asset: Annotated[str, Form(max_length=200)],
    level: Annotated[str, Form(max_length=200)],
    decision: Annotated[str, Form(max_length=16)],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    body = staff_reviews.ReviewCreate(
        config=config, asset=asset, level=level, decision=decision, note=note
    )
    staff_reviews.record_sign_off(body, session, settings, staff.token)
    return RedirectResponse(f"/console/reviews?config={config}&signed={asset}", status_code=303)


# Jobs and tokens ------------------------------------------------------------------------------


@router.get("/jobs")
def jobs_page(request: Request, staff: SignedIn, session: SessionDep) -> HTMLResponse:
    jobs = session.scalars(select(Job).order_by(Job.created_at.desc()).limit(50)).all()
    return render(request, "jobs.html", staff, jobs=jobs)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, staff: SignedIn, session: SessionDep) -> HTMLResponse:
    job = get_job(session, job_id)
    partial = request.headers.get("hx-request") == "true"
    return render(request, "_job.html" if partial else "job.html", staff, job=job)


@router.post("/jobs/{job_id}/cancel")
def cancel_job(request: Request, job_id: str, staff: SignedIn, session: SessionDep) -> Response:
    job = get_job(session, job_id)
    if staff.token.role is not Role.ADMIN and job.created_by != staff.name:
        raise ConsoleError("console.jobs.not_owner", 403, owner=job.created_by)
    request_cancel(session, job)
    return RedirectResponse(f"/console/jobs/{job_id}", status_code=303)


@router.get("/tokens")
def tokens_page(request: Request, staff: Admin, session: SessionDep) -> HTMLResponse:
    tokens = staff_tokens.list_tokens(session, staff.token).data
    return render(request, "tokens.html", staff, tokens=tokens, issued=None)


@router.post("/tokens")
def issue(
    request: Request,
    staff: Admin,
    session: SessionDep,
    name: Annotated[str, Form(min_length=1, max_length=200)],
    role: Annotated[Role, Form()],
) -> HTMLResponse:
    issued = issue_token(session, role=role, name=name.strip())
    tokens = staff_tokens.list_tokens(session, staff.token).data
    return render(request, "tokens.html", staff, tokens=tokens, issued=issued)


@router.post("/tokens/{token_id}/revoke")
def revoke(request: Request, token_id: int, staff: Admin, session: SessionDep) -> Response:
    staff_tokens.revoke(token_id, session, staff.token)
    return RedirectResponse("/console/tokens", status_code=303)


@router.get("/patterns")
def patterns(request: Request, staff: SignedIn) -> HTMLResponse:
    """Every component of the console on one page: new UI starts here."""
    return render(request, "patterns.html", staff, **patterns_samples(staff.lang))
