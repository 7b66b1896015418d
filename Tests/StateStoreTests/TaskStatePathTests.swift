import Testing
@testable import StateStore

/// `<state.dir>/<group_id>/<task>.sqlite`, with names made into safe, distinct file names.
@Suite struct TaskStatePathTests {
    @Test func layout() {
        #expect(TaskStateStore.path(stateDir: "/var/lib/sd", group: "cx-triggers", task: "inputs-3")
                == "/var/lib/sd/cx-triggers/inputs-3.sqlite")
        #expect(TaskStateStore.path(stateDir: "/var/lib/sd/", group: "g", task: "app.repartition_by-user-0")
                == "/var/lib/sd/g/app.repartition_by-user-0.sqlite")
        #expect(TaskStateStore.path(stateDir: "state//", group: "g", task: "t") == "state/g/t.sqlite")
        #expect(TaskStateStore.path(stateDir: "/", group: "g", task: "t") == "/g/t.sqlite")
        #expect(TaskStateStore.groupDirectory(stateDir: "/s", group: "g") == "/s/g")
    }

    @Test func unsafeCharactersAreEscaped() {
        #expect(TaskStateStore.sanitizedFileName("a/b") == "a%2Fb")
        #expect(TaskStateStore.sanitizedFileName("../../etc") == "..%2F..%2Fetc")
        #expect(TaskStateStore.sanitizedFileName("..") == "%2E%2E")
        #expect(TaskStateStore.sanitizedFileName(".") == "%2E")
        #expect(TaskStateStore.sanitizedFileName("") == "%empty")
        #expect(TaskStateStore.sanitizedFileName("100%") == "100%25")
        #expect(TaskStateStore.sanitizedFileName("a b\u{0}") == "a%20b%00")
        #expect(TaskStateStore.sanitizedFileName("grüße") == "gr%C3%BC%C3%9Fe")
        #expect(TaskStateStore.sanitizedFileName("Inputs-3.x_y") == "Inputs-3.x_y")
        #expect(TaskStateStore.path(stateDir: "/s", group: "../x", task: "a/b") == "/s/..%2Fx/a%2Fb.sqlite")
    }

    @Test func distinctNamesGetDistinctFiles() {
        let names = ["a/b", "a%2Fb", "a_b", "a.b", "", "%empty", ".", "%2E", "..", "~", "%7E", "x~0"]
        let files = names.map(TaskStateStore.sanitizedFileName)
        #expect(Set(files).count == names.count)
        for file in files {
            #expect(!file.contains("/"))
            #expect(file != "." && file != "..")
        }
    }

    @Test func longNamesAreShortenedWithAStableHash() {
        let topic = String(repeating: "t", count: 249)
        let a = TaskStateStore.sanitizedFileName("\(topic)-0")
        let b = TaskStateStore.sanitizedFileName("\(topic)-1")
        #expect(a != b)
        #expect(a.utf8.count == 200)
        #expect(a.contains("~"))
        #expect(a == TaskStateStore.sanitizedFileName("\(topic)-0"))
        // Fits the usual 255-byte limit even with SQLite's "-wal" suffix.
        #expect("\(a).sqlite-wal".utf8.count <= 255)
        let escaped = TaskStateStore.sanitizedFileName(String(repeating: "/", count: 100))
        #expect(escaped.utf8.count == 200)
        #expect(TaskStateStore.sanitizedFileName(String(repeating: "t", count: 200)).utf8.count == 200)
        #expect(!TaskStateStore.sanitizedFileName(String(repeating: "t", count: 200)).contains("~"))
    }
}
