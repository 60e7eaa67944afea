#!/bin/sh
# embed.sh SKELETON_DIR FILE... - writes the skeleton's files as C initialisers
# ({"path", "text"},) for scaffold.c to #include. A file named `gitignore` is
# written as `.gitignore` (the build's file walk skips dotfiles). Each line
# becomes one string literal: backslashes, quotes and '?' (trigraphs) escaped.
set -eu
root=$1
shift
for f in "$@"; do
    rel=${f#"$root"/}
    case $rel in
        gitignore) rel=.gitignore ;;
    esac
    printf '{"%s",\n' "$rel"
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
    printf '},\n'
done
