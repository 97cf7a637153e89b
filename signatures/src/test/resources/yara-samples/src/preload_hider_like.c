/* ferret YARA test sample: a PASS-THROUGH LD_PRELOAD shim. It has the shape a process hider
 * has (exports readdir/readdir64, fetches the real ones with dlsym(RTLD_NEXT, ...), carries
 * /proc/self/fd/%d and /proc/%s/stat format strings) but filters NOTHING: every call returns
 * exactly what libc returns. Built by build-samples.sh as a shared object; never preload it. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>

__attribute__((used)) static const char *const formats[] = {
    "/proc/self/fd/%d", "/proc/%s/stat",
};

struct dirent *readdir(DIR *dirp) {
    static struct dirent *(*real)(DIR *);
    if (!real) real = (struct dirent *(*)(DIR *)) dlsym(RTLD_NEXT, "readdir");
    return real(dirp);
}

struct dirent64 *readdir64(DIR *dirp) {
    static struct dirent64 *(*real)(DIR *);
    if (!real) real = (struct dirent64 *(*)(DIR *)) dlsym(RTLD_NEXT, "readdir64");
    return real(dirp);
}

const char *ferret_sample_format(int i) {
    return formats[i & 1];
}
