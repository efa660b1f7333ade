/**
 * resvg-js allocates with its own copy of mimalloc, which keeps freed memory for a purge delay and
 * returns it only when that thread next allocates. The chart worker renders a few charts an hour,
 * so the memory of its last render (15 to 60 MB) stayed resident until the next. A delay of 0
 * returns it as it is freed. mimalloc reads the option once, when resvg's addon loads, so this
 * module is imported before @resvg/resvg-js; an operator's own MIMALLOC_PURGE_DELAY is kept.
 */
process.env.MIMALLOC_PURGE_DELAY ??= '0';
