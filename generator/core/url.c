/* url.c - internal or external links. */
#include "core/url.h"

#include <string.h>

bool url_is_external(const char *url)
{
    if (strncmp(url, "//", 2) == 0)
        return true;
    for (const char *p = url; *p && *p != '/' && *p != '#' && *p != '?'; p++)
        if (*p == ':')
            return true;
    return false;
}
