/* ferret YARA test sample: carries the identifiers of the libprocesshider family (kept in the
 * unstripped symbol table) but hooks NOTHING: no readdir is defined, the functions do nothing. */
#include <stddef.h>

__attribute__((used)) static const char *process_to_filter = "ferret-sample-nothing";
__attribute__((used)) static const char *const banner = "libprocesshider (ferret test sample, inert)";

__attribute__((used)) static int get_dir_name(void *dirp, char *buf, size_t size) {
    (void) dirp; (void) buf; (void) size;
    return 0;
}

__attribute__((used)) static int get_process_name(char *pid, char *buf) {
    (void) pid; (void) buf;
    return 0;
}

const char *ferret_sample_name(void) {
    return process_to_filter != NULL ? banner : "readdir";
}
