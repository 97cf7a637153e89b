#!/bin/sh
# ferret YARA negative sample: CI using a remote Docker daemon over TLS for a normal build container
docker -H tcp://build.example.org:2376 --tlsverify run --rm -v "$PWD":/src -w /src golang:1.22 go test ./...
curl -s --unix-socket /var/run/docker.sock http://localhost/v1.43/containers/json
