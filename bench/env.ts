// Imported first by bench/run.ts: module evaluation follows import order, so these are set before
// shared/observability builds its logger and metrics. Benchmarks print tables, not EMF lines.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'ERROR';
