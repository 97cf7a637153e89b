/* ferret YARA negative sample: an ordinary LD_PRELOAD shim in the style of libeatmydata. It
 * imports dlsym and readdir (it lists /proc/self/fd) but does NOT define readdir: it wraps fsync (passing every call through). */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int)) dlsym(RTLD_NEXT, "fsync");
    return real(fd);
}

int ferret_count_fds(void) {
    char path[64];
    int n = 0;
    DIR *d = opendir("/proc/self/fd/");
    if (!d) return -1;
    while (readdir(d)) n++;
    closedir(d);
    snprintf(path, sizeof path, "/proc/self/fd/%d", n);
    snprintf(path, sizeof path, "/proc/%d/stat", n);
    void *sym = dlsym(RTLD_DEFAULT, "fsync");
    return sym ? n : -1;
}
