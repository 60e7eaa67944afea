/* journal.h - all-or-nothing updates of an output folder.
 *
 * An update stages every new file in a folder of its own inside the output
 * (OUT/.imprint-stage-PID), and lists what must then happen to the output --
 * files moved from the stage into place, folders exchanged, files removed --
 * in a journal (OUT/.imprint-journal). Writing the journal (to a temporary
 * file, flushed, then renamed) is the commit point:
 *
 *  - a process that dies before it leaves the output exactly as it was; the
 *    next update removes the dead one's stage;
 *  - a process that dies after it leaves the journal, and the next update
 *    completes it before anything else, so the output is then exactly the
 *    one that was committed, with the cache that describes it.
 *
 * Every step of a journal can be repeated without harm (a move whose source
 * is gone was done; an exchange checks the inode it recorded), so completing
 * a half-applied journal is safe. The folder is locked for the whole update
 * (flock on OUT/.imprint-lock): a second update of the same folder, from this
 * process or another, waits until the first has ended. The lock is released
 * by the kernel when a process dies.
 *
 * Guarantees hold against a process ending at any instant (a crash, kill -9,
 * a full disk); the journal itself is flushed to disk with fsync, the staged
 * files are not, so after a power loss the files of the last update may be
 * lost while the journal survives.
 *
 * Not thread-safe: one thread drives one journal. */
#ifndef IMPRINT_JOURNAL_H
#define IMPRINT_JOURNAL_H

#include "util/err.h"

typedef struct journal journal;

/* Opens an update of out_dir (created when missing): locks it (waiting for
 * another update to end), completes a journal a dead update left, removes
 * dead updates' stages, and makes this update's empty stage. Returns the
 * journal, or NULL with errors (the folder cannot be created or locked, or a
 * left journal cannot be completed). End with journal_end. */
journal *journal_begin(const char *out_dir, err_list *errs);

/* The stage folder (absolute or relative as out_dir was): where this update
 * writes its new files. */
const char *journal_stage(const journal *j);

/* Steps applied at commit, in the order given. `staged` names a path inside
 * the stage, `target` a path inside the output folder; both relative, with
 * no "." or ".." segment. */
/* Moves a staged file to target (replacing it; parent folders are made). */
void journal_move(journal *j, const char *staged, const char *target);
/* Puts a staged folder at target in one atomic step (exchanging it with the
 * folder there, if any; the old one ends in the stage and goes with it). */
void journal_swap(journal *j, const char *staged, const char *target);
/* Removes the file target, and the folders it leaves empty below its first
 * path segment. */
void journal_remove(journal *j, const char *target);

/* Writes the journal (the commit point) and applies it. Returns 0, or -1 with
 * errors: before the commit point the output is unchanged; after it, the
 * journal stays for the next update to complete. */
int journal_commit(journal *j, err_list *errs);

/* Removes the stage (an uncommitted update is thereby rolled back), unlocks
 * and frees. NULL is ignored. */
void journal_end(journal *j);

#endif
