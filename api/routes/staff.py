"""The staff API under /api/v1: every router that needs a bearer token."""

from airclass.api.routes import staff_jobs, staff_media, staff_plans, staff_reviews, staff_tokens

routers = (
    staff_media.router,
    staff_reviews.router,
    staff_plans.router,
    staff_jobs.router,
    staff_tokens.router,
)
