/* ferret YARA test sample: source of a PASS-THROUGH readdir shim shaped like a process hider.
 * It filters nothing; it is a text sample and is never compiled by the build. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static int dir_is_proc(DIR *dirp) {
    char link[64], path[256];
    snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd(dirp));
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n < 0) return 0;
    path[n] = 0;
    return strcmp(path, "/proc") == 0;
}

struct dirent *readdir(DIR *dirp) {
    static struct dirent *(*real)(DIR *);
    if (!real) real = dlsym(RTLD_NEXT, "readdir");
    struct dirent *d = real(dirp);
    if (d && dir_is_proc(dirp)) {
        char stat[256];
        snprintf(stat, sizeof stat, "/proc/%s/stat", d->d_name); /* read but never used to hide */
    }
    return d;
}
