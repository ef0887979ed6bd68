#!/bin/sh
# Usage: add-passwords.sh <users.acl> <passwords-dir> > <users.acl with passwords>
#
# Deploy-time step (an init container of the Redis pod): users.acl, as committed, lets nobody
# log in. For every user line `user <name> on resetpass ...` whose password file
# <passwords-dir>/<name> exists (a Secret mounted as a directory, one key per user), this
# appends `#<sha256 of the password>`: Redis stores and compares only that hash, and the
# password itself never reaches the file. Trailing newlines of a password file are not part
# of the password (the services read REDIS_PASSWORD_FILE the same way). A user without a file
# stays unable to log in (reported on stderr).
set -eu
acl=$1
dir=$2
while IFS= read -r line || [ -n "$line" ]; do
  name=$(printf '%s\n' "$line" | cut -d ' ' -f 2)
  case "$line" in
    "user $name on resetpass "*)
      if [ -f "$dir/$name" ]; then
        password=$(cat "$dir/$name")
        if [ -z "$password" ]; then
          echo "add-passwords: $dir/$name is empty" >&2
          exit 1
        fi
        hash=$(printf '%s' "$password" | sha256sum | cut -d ' ' -f 1)
        line="$line #$hash"
      else
        echo "add-passwords: no $dir/$name: user $name cannot log in" >&2
      fi
      ;;
  esac
  printf '%s\n' "$line"
done < "$acl"
