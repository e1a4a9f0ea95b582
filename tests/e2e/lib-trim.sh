# lib-trim.sh - helpers of the trim tests (t115x).

# holes FILE: the hole ranges of FILE as "start-end" lines (SEEK_HOLE/SEEK_DATA).
holes() {
	python3 - "$1" <<'EOF'
import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
size = os.fstat(fd).st_size
off = 0
while off < size:
    h = os.lseek(fd, off, os.SEEK_HOLE)
    if h >= size:
        break
    try:
        d = os.lseek(fd, h, os.SEEK_DATA)
    except OSError:
        d = size
    print("%d-%d" % (h, d))
    off = d
EOF
}

# hole_bytes FILE: how many bytes of FILE are holes.
hole_bytes() {
	holes "$1" | awk -F- '{ n += $2 - $1 } END { print n + 0 }'
}
