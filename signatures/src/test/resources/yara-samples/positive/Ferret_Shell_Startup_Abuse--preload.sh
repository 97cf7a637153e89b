# ferret YARA test sample: synthetic /etc/profile.d line, never run
export LD_PRELOAD=/dev/shm/.lib/libnetresolv.so
