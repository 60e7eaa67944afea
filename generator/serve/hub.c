/* hub.c - a ring of numbered events under a mutex and a condition variable. */
#include "serve/hub.h"

#include "util/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct event {
    char *name; /* malloc'd */
    char *data; /* malloc'd */
} event;

struct hub {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    event ring[HUB_KEEP]; /* event n is ring[n % HUB_KEEP] */
    unsigned long last;   /* number of the newest event */
    char *errors;         /* the current errors' data, or NULL */
    bool closing;
};

hub *hub_new(void)
{
    hub *h = xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&h->changed, &attr);
    pthread_condattr_destroy(&attr);
    return h;
}

void hub_free(hub *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < HUB_KEEP; i++) {
        free(h->ring[i].name);
        free(h->ring[i].data);
    }
    free(h->errors);
    pthread_cond_destroy(&h->changed);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

void hub_publish(hub *h, const char *name, const char *data)
{
    pthread_mutex_lock(&h->lock);
    event *e = &h->ring[++h->last % HUB_KEEP];
    free(e->name);
    free(e->data);
    e->name = xstrdup(name);
    e->data = xstrdup(data);
    if (strcmp(name, "errors") == 0) {
        free(h->errors);
        h->errors = xstrdup(data);
    } else if (strcmp(name, "ok") == 0) {
        free(h->errors);
        h->errors = NULL;
    }
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->lock);
}

unsigned long hub_last(hub *h)
{
    pthread_mutex_lock(&h->lock);
    unsigned long n = h->last;
    pthread_mutex_unlock(&h->lock);
    return n;
}

static void put_event(buf *out, unsigned long id, const char *name, const char *data)
{
    buf_printf(out, "id: %lu\nevent: %s\ndata: %s\n\n", id, name, data);
}

bool hub_wait(hub *h, unsigned long *seen, int timeout_ms, buf *out)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    bool got = false;
    pthread_mutex_lock(&h->lock);
    while (!h->closing && h->last <= *seen)
        if (pthread_cond_timedwait(&h->changed, &h->lock, &until) != 0)
            break;
    if (!h->closing && h->last > *seen) {
        if (h->last - *seen > HUB_KEEP) { /* fell behind: one reload for all it missed */
            put_event(out, h->last, "reload", "{}");
        } else {
            for (unsigned long n = *seen + 1; n <= h->last; n++)
                put_event(out, n, h->ring[n % HUB_KEEP].name, h->ring[n % HUB_KEEP].data);
        }
        *seen = h->last;
        got = true;
    }
    pthread_mutex_unlock(&h->lock);
    return got;
}

void hub_current(hub *h, buf *out)
{
    pthread_mutex_lock(&h->lock);
    if (h->errors)
        put_event(out, h->last, "errors", h->errors);
    pthread_mutex_unlock(&h->lock);
}

void hub_close(hub *h)
{
    pthread_mutex_lock(&h->lock);
    h->closing = true;
    pthread_cond_broadcast(&h->changed);
    pthread_mutex_unlock(&h->lock);
}

bool hub_closing(hub *h)
{
    pthread_mutex_lock(&h->lock);
    bool c = h->closing;
    pthread_mutex_unlock(&h->lock);
    return c;
}
