# Sourced by the scripts that drive a server: start_server BINARY LOG starts `casetool serve` on a
# free loopback port (the database from $CASETOOL_DB) and sets `server` (its pid) and `address`
# (http://127.0.0.1:PORT) once it listens; exits if it does not start within 10 s.
start_server() {
    "$1" serve --listen 127.0.0.1:0 2>"$2" &
    server=$!
    address=""
    for _ in $(seq 1 100); do
        address=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$2" | head -n 1 || true)
        [ -n "$address" ] && return 0
        sleep 0.1
    done
    echo "the server did not start:" >&2
    cat "$2" >&2
    exit 1
}
