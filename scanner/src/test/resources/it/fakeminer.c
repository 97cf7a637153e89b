/*
 * A stand-in for a CPU miner and its pool, for ferret's integration tests only.
 *
 *   fakeminer pool PORT            listen on 127.0.0.1:PORT, accept connections and hold them open
 *   fakeminer miner HOST PORT ...  connect to HOST:PORT, send a Stratum-style login line, then burn
 *                                  one core; any further arguments are ignored (they are there to
 *                                  look like a miner's command line: -o stratum+tcp://... --donate-level 1)
 *
 * Each mode prints "pid <pid>" and then "ready" on standard output once it is in place.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void ready(void) {
    printf("pid %d\nready\n", (int) getpid());
    fflush(stdout);
}

static int pool(int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(s, (struct sockaddr *) &a, sizeof a) != 0 || listen(s, 16) != 0) {
        perror("pool: bind/listen");
        return 1;
    }
    ready();
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) {
            perror("pool: accept");
            return 1;
        }
        /* kept open: the miner's connection stays ESTABLISHED */
    }
}

static int miner(const char *host, int port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
        fprintf(stderr, "miner: bad address %s\n", host);
        return 1;
    }
    if (connect(s, (struct sockaddr *) &a, sizeof a) != 0) {
        perror("miner: connect");
        return 1;
    }
    const char *login = "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":"
                        "\"44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A\","
                        "\"pass\":\"x\",\"agent\":\"XMRig/6.21.0\",\"algo\":[\"rx/0\"]}}\n";
    if (write(s, login, strlen(login)) < 0) {
        perror("miner: write");
        return 1;
    }
    ready();
    volatile unsigned long x = 0;
    for (;;) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    }
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "pool") == 0) {
        return pool(atoi(argv[2]));
    }
    if (argc >= 4 && strcmp(argv[1], "miner") == 0) {
        return miner(argv[2], atoi(argv[3]));
    }
    fprintf(stderr, "usage: %s pool PORT | miner HOST PORT [miner options...]\n", argv[0]);
    return 2;
}
