/* html5.h - cmark-gfm's HTML written as HTML5 wants it. Pure and thread-safe. */
#ifndef IMPRINT_HTML5_H
#define IMPRINT_HTML5_H

#include "util/buf.h"

struct i18n_lang;

/* Appends html (cmark-gfm's rendering of a block) to out with its XHTML
 * habits undone: void elements end in ">" not " />" (<img>, <br>, <hr>,
 * <input>), and the task list extension's checkboxes lose the values of
 * their boolean attributes and get a name for screen readers ("Done", "To
 * do": words' task_done and task_to_do); with words, a footnote's link back
 * gets words' back_to_content for cmark-gfm's "Back to content". words NULL:
 * English. Text is not touched: cmark escapes every '<' of text as "&lt;", so
 * a '<' starts a tag. */
void md_html5_put(const char *html, const struct i18n_lang *words, buf *out);

#endif
