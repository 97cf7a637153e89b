/*
 * Fileless execution, for ferret's integration tests only: copies a program into an anonymous memory
 * file (memfd_create) and runs it from there with fexecve, so /proc/<pid>/exe points at "/memfd:...".
 *
 *   memfdexec PROGRAM [ARGS...]    e.g. memfdexec /bin/sleep 300
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s PROGRAM [ARGS...]\n", argv[0]);
        return 2;
    }
    int in = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        perror("open");
        return 1;
    }
    int mem = memfd_create("payload", MFD_CLOEXEC);
    if (mem < 0) {
        perror("memfd_create");
        return 1;
    }
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(mem, buf, n) != n) {
            perror("write");
            return 1;
        }
    }
    close(in);
    printf("pid %d\nready\n", (int) getpid());
    fflush(stdout);
    fexecve(mem, argv + 1, environ);
    perror("fexecve");
    return 1;
}
