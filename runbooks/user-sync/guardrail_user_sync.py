#!/usr/bin/env python3
"""guardrail user sync: makes this server's Linux users match the desired state guardrail computed
centrally from IAM groups (guardrail users plan). Standard library only; runs as root through SSM.

Safety rules, in the order they apply:
  * With --sha256 (the desired state handed over through S3), the file's bytes must have exactly
    that SHA-256, or the run stops before anything else (exit 2): a changed or swapped object never
    reaches useradd. The bytes are read once; the hash and the parse see the same ones.
  * The desired state is validated strictly before anything happens; names, UIDs and key lines that
    do not have the expected shape stop the run (exit 2). Nothing from IAM ever reaches a shell:
    every command is an argument list.
  * Only members of the marker group with a UID at or above uidMin are managed. A local account with
    a wanted name that is not managed is a conflict and is left alone; so is a wanted UID that another
    account holds. UIDs of managed users never change.
  * An empty desired state is refused unless allowEmpty is set; a run that would delete more than
    maxDeleteShare of the managed users is refused (exit 3). An IAM outage must not empty a server.
  * One run at a time (an exclusive lock; exit 75 when busy). A second run changes nothing.
  * Sudo is granted by a drop-in in /etc/sudoers.d, checked with `visudo -cf` before it is installed.
  * A removed user is locked, its processes and sessions are ended, its keys and sudo removed, then
    it is deleted; its home is kept, archived or deleted as configured.
  * --plan prints the changes as JSON and changes nothing.
Distribution differences (Amazon Linux 2 / 2023, Ubuntu, RHEL family) are avoided rather than
guessed: useradd gets every setting explicitly (home, primary group, groups, shell) instead of
relying on /etc/default/useradd and USERGROUPS_ENAB; sudo comes from a per-user drop-in, never from
the distribution's admin group (wheel on Amazon Linux and RHEL, sudo on Ubuntu); the login and
nologin shells are looked up where each family keeps them (see login_shell and nologin_shell).
Exit: 0 done (or nothing to do), 1 some users failed (per-user report), 2 bad input, 3 refused by a
guard, 75 another run holds the lock.
"""
import argparse
import fcntl
import grp
import hashlib
import hmac
import json
import os
import pwd
import re
import subprocess
import sys
import tarfile
import time

NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
GROUP = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
KEY = re.compile(r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,2}$")
HOME_ON_REMOVE = ("keep", "archive", "delete")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BadInput(Exception):
    pass


def validate(state):
    def need(cond, what):
        if not cond:
            raise BadInput(what)

    need(isinstance(state, dict) and state.get("version") == 1, "version must be 1")
    need(isinstance(state.get("markerGroup"), str) and GROUP.match(state["markerGroup"]), "markerGroup is not a valid group name")
    need(isinstance(state.get("uidMin"), int) and state["uidMin"] >= 1000, "uidMin must be a whole number of at least 1000")
    need(state.get("homeOnRemove") in HOME_ON_REMOVE, "homeOnRemove must be keep, archive or delete")
    need(isinstance(state.get("maxDeleteShare"), (int, float)) and 0 <= state["maxDeleteShare"] <= 1, "maxDeleteShare must be between 0 and 1")
    need(isinstance(state.get("allowEmpty"), bool), "allowEmpty must be true or false")
    need(isinstance(state.get("users"), list), "users must be a list")
    names, uids = set(), set()
    for i, u in enumerate(state["users"]):
        where = "users[%d]" % i
        need(isinstance(u, dict), where + " is not an object")
        need(isinstance(u.get("name"), str) and NAME.match(u["name"]), where + ".name is not a valid Linux user name")
        need(isinstance(u.get("uid"), int) and u["uid"] >= state["uidMin"], where + ".uid must be at least uidMin")
        need(isinstance(u.get("sudo"), bool), where + ".sudo must be true or false")
        need(isinstance(u.get("groups"), list) and all(isinstance(g, str) and GROUP.match(g) for g in u["groups"]), where + ".groups must be valid group names")
        need(isinstance(u.get("keys"), list) and all(isinstance(k, str) and KEY.match(k) for k in u["keys"]), where + ".keys must be public key lines")
        need(u["name"] not in names, where + ".name appears twice")
        need(u["uid"] not in uids, where + ".uid appears twice")
        names.add(u["name"])
        uids.add(u["uid"])


def run(argv):
    """A command as an argument list (never a shell); raises with its stderr on failure."""
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if done.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (argv[0], done.returncode, done.stderr.strip()[:300]))
    return done.stdout


def sudoers_file(uid):
    # sudo ignores drop-in names containing '.', and Linux names may contain one: name files by UID.
    return "/etc/sudoers.d/guardrail-%d" % uid


def sudoers_line(name):
    return "%s ALL=(ALL) NOPASSWD:ALL\n" % name


def authorized_keys_text(keys):
    return "".join(k + "\n" for k in keys)


def read_file(path):
    try:
        with open(path, "r") as f:
            return f.read()
    except (FileNotFoundError, NotADirectoryError):
        return None


def local_state(marker):
    try:
        members = set(grp.getgrnam(marker).gr_mem)
    except KeyError:
        members = set()
    return {p.pw_name: p for p in pwd.getpwall()}, members


def supplementary_groups():
    """user name → sorted supplementary group names, read once (getgrall per user would be quadratic)."""
    groups = {}
    for g in grp.getgrall():
        for member in g.gr_mem:
            groups.setdefault(member, []).append(g.gr_name)
    return {name: sorted(names) for name, names in groups.items()}


def diff(state):
    users, marker_members = local_state(state["markerGroup"])
    by_uid = {p.pw_uid: p.pw_name for p in users.values()}
    managed = {n for n in marker_members if n in users and users[n].pw_uid >= state["uidMin"]}
    changes = {"add": [], "update": [], "remove": [], "unchanged": [], "conflicts": []}
    memberships = supplementary_groups()
    sudoers = set(os.listdir("/etc/sudoers.d")) if os.path.isdir("/etc/sudoers.d") else set()
    wanted = set()
    for u in state["users"]:
        name = u["name"]
        wanted.add(name)
        local = users.get(name)
        if local is not None and name not in managed:
            changes["conflicts"].append({"user": name, "reason": "exists locally and is not managed by guardrail (not in group %s, or UID below %d): left alone" % (state["markerGroup"], state["uidMin"])})
            continue
        if local is None:
            holder = by_uid.get(u["uid"])
            if holder is not None:
                changes["conflicts"].append({"user": name, "reason": "UID %d is used by local account %s: not created" % (u["uid"], holder)})
                continue
            changes["add"].append({"user": name, "uid": u["uid"], "sudo": u["sudo"], "keys": len(u["keys"])})
            continue
        if local.pw_uid != u["uid"]:
            changes["conflicts"].append({"user": name, "reason": "managed with UID %d, desired %d: UIDs never change, fix the registry" % (local.pw_uid, u["uid"])})
            continue
        what = []
        if read_file(os.path.join(local.pw_dir, ".ssh", "authorized_keys")) != authorized_keys_text(u["keys"]):
            what.append("keys")
        has_sudo = os.path.basename(sudoers_file(u["uid"])) in sudoers and read_file(sudoers_file(u["uid"])) == sudoers_line(name)
        if has_sudo != u["sudo"]:
            what.append("sudo granted" if u["sudo"] else "sudo revoked")
        if sorted(set([state["markerGroup"]] + u["groups"])) != memberships.get(name, []):
            what.append("groups")
        (changes["update"] if what else changes["unchanged"]).append({"user": name, "changes": what} if what else {"user": name})
    for name in sorted(managed - wanted):
        changes["remove"].append({"user": name, "uid": users[name].pw_uid})
    changes["managed"] = len(managed)
    return changes, users


def guard(state, changes):
    if not state["users"] and not state["allowEmpty"]:
        return "the desired state has no users and is not marked allowEmpty: refusing (an IAM outage must not delete every user)"
    removing, managed = len(changes["remove"]), changes["managed"]
    if removing and managed and removing / float(managed) > state["maxDeleteShare"]:
        return "would delete %d of %d managed users, more than maxDeleteShare %.0f%%: refusing" % (removing, managed, state["maxDeleteShare"] * 100)
    return None


def ensure_group(name, gid=None):
    try:
        g = grp.getgrnam(name)
        return g.gr_gid
    except KeyError:
        run(["groupadd"] + (["-g", str(gid)] if gid is not None else []) + ["--", name])
        return grp.getgrnam(name).gr_gid


def write_owned(path, text, uid, gid, mode):
    """Writes through a temporary file in the same directory, then renames: never half a file, never through a symlink."""
    directory = os.path.dirname(path)
    tmp = os.path.join(directory, ".guardrail-%d.tmp" % os.getpid())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode)
    try:
        os.write(fd, text.encode("utf-8"))
        os.fchown(fd, uid, gid)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
    os.rename(tmp, path)


def set_keys(user, keys):
    p = pwd.getpwnam(user["name"])
    ssh = os.path.join(p.pw_dir, ".ssh")
    if os.path.islink(ssh) or os.path.islink(p.pw_dir):
        raise RuntimeError("%s or its .ssh is a symbolic link: refusing to write keys through it" % p.pw_dir)
    if not os.path.isdir(ssh):
        os.mkdir(ssh, 0o700)
    os.chown(ssh, p.pw_uid, p.pw_gid)
    os.chmod(ssh, 0o700)
    write_owned(os.path.join(ssh, "authorized_keys"), authorized_keys_text(keys), p.pw_uid, p.pw_gid, 0o600)


def sudoers_includes_dropins():
    """Whether /etc/sudoers reads /etc/sudoers.d (#includedir or @includedir); without it a drop-in grants nothing."""
    text = read_file("/etc/sudoers") or ""
    return re.search(r"^[#@]includedir\s+/etc/sudoers\.d\s*$", text, re.M) is not None


def set_sudo(user, visudo):
    path = sudoers_file(user["uid"])
    if not user["sudo"]:
        if os.path.exists(path):
            os.remove(path)
        return
    if not sudoers_includes_dropins():
        raise RuntimeError("/etc/sudoers does not include /etc/sudoers.d: sudo not granted")
    tmp = "/etc/sudoers.d/.guardrail-%d.tmp" % user["uid"]
    write_owned(tmp, sudoers_line(user["name"]), 0, 0, 0o440)
    try:
        run([visudo, "-cf", tmp])
    except Exception:
        os.remove(tmp)
        raise
    os.rename(tmp, path)


def add_user(user, marker, shell):
    # The user's own group gets the same number as the user, so GIDs match across servers too.
    gid = ensure_group(user["name"], user["uid"])
    groups = ",".join(sorted(set([marker] + user["groups"])))
    run(["useradd", "-m", "-u", str(user["uid"]), "-g", str(gid), "-G", groups, "-s", shell, "-c", "guardrail", "--", user["name"]])


def login_shell():
    return "/bin/bash" if os.access("/bin/bash", os.X_OK) else "/bin/sh"


def nologin_shell():
    # /usr/sbin/nologin on Debian/Ubuntu and Amazon Linux 2023, /sbin/nologin on Amazon Linux 2 and
    # RHEL 7; /bin/false where neither exists.
    for path in ("/usr/sbin/nologin", "/sbin/nologin", "/usr/bin/nologin", "/bin/false"):
        if os.access(path, os.X_OK):
            return path
    return "/bin/false"


def remove_user(name, uid, home_on_remove, archive_dir):
    # Lock the password, expire the account and take the shell away first: sshd refuses an expired
    # account even with a valid key, so nobody logs in again while the processes are being ended.
    run(["usermod", "-L", "-e", "1", "-s", nologin_shell(), "--", name])
    # End the user's sessions and processes (pkill exits 1 once there are none left).
    for _ in range(20):
        if subprocess.run(["pkill", "-KILL", "-U", str(uid)], stdout=subprocess.PIPE, stderr=subprocess.PIPE).returncode == 1:
            break
        time.sleep(0.05)
    home = pwd.getpwnam(name).pw_dir
    keys = os.path.join(home, ".ssh", "authorized_keys")
    if os.path.isfile(keys) and not os.path.islink(keys):
        os.remove(keys)
    if os.path.exists(sudoers_file(uid)):
        os.remove(sudoers_file(uid))
    if home_on_remove == "archive" and os.path.isdir(home):
        os.makedirs(archive_dir, mode=0o700, exist_ok=True)
        target = os.path.join(archive_dir, "%s-%d-%s.tar.gz" % (name, uid, time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())))
        with tarfile.open(target, "w:gz") as tar:
            tar.add(home, arcname=name)
        os.chmod(target, 0o600)
    run(["userdel"] + (["-r"] if home_on_remove in ("archive", "delete") else []) + ["--", name])


def find_visudo():
    for path in ("/usr/sbin/visudo", "/usr/bin/visudo", "/sbin/visudo"):
        if os.access(path, os.X_OK):
            return path
    return None


def apply(state, changes, archive_dir):
    marker = state["markerGroup"]
    shell = login_shell()
    visudo = find_visudo()
    wanted = {u["name"]: u for u in state["users"]}
    results = []
    ensure_group(marker)
    for g in sorted({g for u in state["users"] for g in u["groups"]}):
        ensure_group(g)
    for item in changes["add"] + changes["update"]:
        user = wanted[item["user"]]
        try:
            if item in changes["add"]:
                add_user(user, marker, shell)
            else:
                run(["usermod", "-G", ",".join(sorted(set([marker] + user["groups"]))), "--", user["name"]])
            set_keys(user, user["keys"])
            if user["sudo"] and visudo is None:
                raise RuntimeError("visudo is not installed: sudo not granted")
            set_sudo(user, visudo)
            results.append({"user": user["name"], "action": "added" if item in changes["add"] else "updated", "status": "ok"})
        except Exception as e:  # one user's failure never stops the others
            results.append({"user": user["name"], "action": "added" if item in changes["add"] else "updated", "status": "failed", "error": str(e)})
    for item in changes["remove"]:
        try:
            remove_user(item["user"], item["uid"], state["homeOnRemove"], archive_dir)
            results.append({"user": item["user"], "action": "removed", "status": "ok"})
        except Exception as e:
            results.append({"user": item["user"], "action": "removed", "status": "failed", "error": str(e)})
    return results


def main():
    parser = argparse.ArgumentParser(description="guardrail user sync")
    parser.add_argument("--desired", required=True, help="desired state JSON file (from guardrail users plan)")
    parser.add_argument("--sha256", help="the SHA-256 (hex) the desired state file must have; any other content is refused")
    parser.add_argument("--plan", action="store_true", help="print the changes as JSON; change nothing")
    parser.add_argument("--lock", default="/run/guardrail-user-sync.lock")
    parser.add_argument("--archive-dir", default="/var/lib/guardrail/removed-homes")
    args = parser.parse_args()
    if args.sha256 is not None and not SHA256.match(args.sha256):
        print(json.dumps({"error": "bad expected SHA-256: 64 lower-case hex digits, not %r" % args.sha256[:80]}))
        return 2
    try:
        with open(args.desired, "rb") as f:
            data = f.read()
    except OSError as e:
        print(json.dumps({"error": "bad desired state: %s" % e}))
        return 2
    if args.sha256 is not None:
        found = hashlib.sha256(data).hexdigest()
        if not hmac.compare_digest(found, args.sha256):
            print(json.dumps({"error": "desired state refused: its SHA-256 is %s, expected %s (changed or swapped after guardrail wrote it); nothing changed" % (found, args.sha256)}))
            return 2
    try:
        state = json.loads(data.decode("utf-8"))
        validate(state)
    except (ValueError, BadInput) as e:
        print(json.dumps({"error": "bad desired state: %s" % e}))
        return 2
    lock = open(args.lock, "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(json.dumps({"error": "another guardrail user sync is running (lock %s)" % args.lock}))
        return 75
    changes, _ = diff(state)
    refused = guard(state, changes)
    report = {"plan": args.plan, "add": changes["add"], "update": changes["update"], "remove": changes["remove"], "unchanged": len(changes["unchanged"]), "conflicts": changes["conflicts"]}
    if refused:
        report["refused"] = refused
        print(json.dumps(report, sort_keys=True))
        return 3
    if args.plan:
        print(json.dumps(report, sort_keys=True))
        return 0
    results = apply(state, changes, args.archive_dir)
    report["results"] = results
    report["changed"] = any(r["status"] == "ok" for r in results)
    print(json.dumps(report, sort_keys=True))
    return 1 if any(r["status"] == "failed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
