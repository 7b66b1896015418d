print("stream-daemon")
