# Spend Geography: one public-mode Streamlit replica. Run several behind nginx with compose.yaml.
# The data store (data/raw + data/store, built by `python -m geo fetch && python -m geo prepare`)
# lives in a volume mounted at /app/data, never in the image (see README "Hosting it for the public").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SPENDGEO_PUBLIC=1 \
    SPENDGEO_DATA=/app/data \
    SPENDGEO_UPLOAD_MB=20

WORKDIR /app
# Runtime packages only (the dev/test block of requirements.txt is for CI).
COPY requirements.txt .
RUN sed '/^# Dev \/ test/,$d' requirements.txt > requirements-runtime.txt \
    && pip install -r requirements-runtime.txt \
    && rm requirements-runtime.txt

COPY app.py ./
COPY .streamlit ./.streamlit
COPY geo ./geo
COPY ui ./ui
COPY pages ./pages
# The maps' MVT worker (served at /app/static/vendor/, no CDN). The vector tiles are data: `prepare`
# builds them into a volume mounted at /app/static/tiles (compose.yaml), never into the image.
COPY static/vendor ./static/vendor

# A non-root user owns nothing in the image; it can write only its home (Streamlit's cache dir).
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin spendgeo \
    && mkdir -p /app/data /app/static/tiles && chown spendgeo:spendgeo /app/data /app/static/tiles
USER spendgeo

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]

# Public mode: no tracebacks for viewers, XSRF and CORS checks on, no developer toolbar.
CMD ["sh", "-c", "exec python -m streamlit run app.py --server.port 8501 --server.address 0.0.0.0 \
 --server.headless true --server.fileWatcherType none --server.runOnSave false \
 --client.showErrorDetails none --client.toolbarMode viewer \
 --server.enableXsrfProtection true --server.enableCORS true \
 --browser.gatherUsageStats false --server.maxUploadSize ${SPENDGEO_UPLOAD_MB}"]
