/* hub.h - the live-reload events: one publisher (the rebuild loop), any
 * number of listeners (the browsers' event streams), each getting every event
 * in order.
 *
 * Events are numbered from 1; the hub keeps the last HUB_KEEP, so a listener
 * that falls further behind gets a single "reload" instead of the ones it
 * missed. The hub also holds the current errors (the last build's), which a
 * new listener is sent first. All calls are thread-safe. */
#ifndef IMPRINT_SERVE_HUB_H
#define IMPRINT_SERVE_HUB_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define HUB_KEEP 256

typedef struct hub hub;

/* A new hub. Never NULL; free with hub_free (after every listener left). */
hub *hub_new(void);
void hub_free(hub *h);

/* Publishes event `name` ("reload", "css", "errors", "ok", "pdf", "reports")
 * with data (one line of JSON, copied) and wakes every listener. "errors"
 * also becomes the current errors, and "ok" clears them. */
void hub_publish(hub *h, const char *name, const char *data);

/* The number of the last event published (0: none yet). */
unsigned long hub_last(hub *h);

/* Waits up to timeout_ms for events after *seen and appends them to out as
 * server-sent events ("id: N\nevent: NAME\ndata: DATA\n\n"), setting *seen
 * to the last one appended. Returns true when it appended anything, false on
 * a timeout or when the hub is closing (hub_closing tells which). */
bool hub_wait(hub *h, unsigned long *seen, int timeout_ms, buf *out);

/* Appends the current errors as an "errors" event, if there are any. */
void hub_current(hub *h, buf *out);

/* Makes every waiting and future hub_wait return at once: the server stops. */
void hub_close(hub *h);
bool hub_closing(hub *h);

#endif
