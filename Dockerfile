# Production image: gunicorn serving the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY asn_portal ./asn_portal
COPY core ./core
COPY employees ./employees
COPY performance ./performance
COPY training ./training
COPY surveys ./surveys
COPY demo ./demo
RUN pip install -c requirements.lock .
COPY . .
RUN DEBUG=True python manage.py compilemessages --ignore=.venv -v0 \
    && DEBUG=True STATIC_MANIFEST=True python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /app asn && mkdir -p /app/var/media && chown -R asn /app/var

USER asn
EXPOSE 8000
CMD ["gunicorn", "asn_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
