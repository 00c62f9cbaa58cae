import Foundation

/// Our own structure checks of a KCIDB v5.3 submission, run before every upload (the REST
/// service checks only JSON syntax and spools, so a bad file would be lost later) and by
/// `upload --dry-run`. Not the full schema: CI also runs kcidb-io's validator.
public enum KCIDBSubmissionCheck {
    static let statuses: Set<String> = ["FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"]

    /// Every problem found, each naming its place (`tests[3].path`); empty when valid.
    public static func problems(in data: Data) -> [String] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            return ["not JSON: \(error.localizedDescription)"]
        }
        guard let object = root as? [String: Any] else { return ["top level: not an object"] }
        var problems: [String] = []
        findNulls(root, at: "", into: &problems)
        let allowedTop: Set<String> = ["version", "checkouts", "builds", "tests", "issues", "incidents"]
        for key in object.keys where !allowedTop.contains(key) && !key.hasPrefix("_") {
            problems.append("top level: unknown property '\(key)'")
        }
        if let version = object["version"] as? [String: Any] {
            if (version["major"] as? Int) != 5 { problems.append("version.major: must be 5") }
            if let minor = version["minor"] as? Int, !(0...3).contains(minor) { problems.append("version.minor: must be 0…3") }
        } else {
            problems.append("version: missing")
        }
        let checkouts = objects(object["checkouts"], "checkouts", &problems)
        let builds = objects(object["builds"], "builds", &problems)
        let tests = objects(object["tests"], "tests", &problems)
        let checkoutIDs = Set(checkouts.compactMap { $0.1["id"] as? String })
        let buildIDs = Set(builds.compactMap { $0.1["id"] as? String })
        for (place, checkout) in checkouts { common(checkout, place, &problems) }
        for (place, build) in builds {
            common(build, place, &problems)
            if let id = build["checkout_id"] as? String {
                if !checkoutIDs.contains(id) { problems.append("\(place).checkout_id: '\(id)' names no checkout in this file") }
            } else {
                problems.append("\(place).checkout_id: missing")
            }
            if let arch = build["architecture"] as? String, !matches(arch, "^[a-z0-9_]*$") {
                problems.append("\(place).architecture: '\(arch)' does not match ^[a-z0-9_]*$")
            }
        }
        var testIDs = Set<String>()
        for (place, test) in tests {
            common(test, place, &problems)
            if let id = test["id"] as? String, !testIDs.insert(id).inserted { problems.append("\(place).id: duplicate '\(id)'") }
            if let id = test["build_id"] as? String {
                if !buildIDs.contains(id) { problems.append("\(place).build_id: '\(id)' names no build in this file") }
            } else {
                problems.append("\(place).build_id: missing")
            }
            if let path = test["path"] as? String, !matches(path, "^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$") {
                problems.append("\(place).path: '\(path)' is not a dotted path of [a-zA-Z0-9_-] parts")
            }
            if let status = test["status"] as? String, !statuses.contains(status) {
                problems.append("\(place).status: '\(status)' is not one of \(statuses.sorted().joined(separator: ", "))")
            }
            if let excerpt = test["log_excerpt"] as? String, excerpt.unicodeScalars.count > 16384 {
                problems.append("\(place).log_excerpt: \(excerpt.unicodeScalars.count) characters, more than 16384")
            }
            if let environment = test["environment"] as? [String: Any] {
                for key in environment.keys where !["comment", "compatible", "misc"].contains(key) && !key.hasPrefix("_") {
                    problems.append("\(place).environment: unknown property '\(key)'")
                }
            }
        }
        return problems
    }

    private static func common(_ object: [String: Any], _ place: String, _ problems: inout [String]) {
        if let id = object["id"] as? String {
            if !matches(id, "^[a-z0-9_]+:[^\\x00]*$") { problems.append("\(place).id: '\(id)' is not <origin>:<id>") }
        } else {
            problems.append("\(place).id: missing")
        }
        if let origin = object["origin"] as? String {
            if !matches(origin, "^[a-z0-9_]+$") { problems.append("\(place).origin: '\(origin)' does not match ^[a-z0-9_]+$") }
            if let id = object["id"] as? String, !id.hasPrefix(origin + ":") {
                problems.append("\(place).id: '\(id)' does not start with its origin '\(origin):'")
            }
        } else {
            problems.append("\(place).origin: missing")
        }
    }

    private static func objects(_ value: Any?, _ name: String, _ problems: inout [String]) -> [(String, [String: Any])] {
        guard let value else { return [] }
        guard let array = value as? [Any] else {
            problems.append("\(name): not an array")
            return []
        }
        return array.enumerated().compactMap { index, item in
            guard let object = item as? [String: Any] else {
                problems.append("\(name)[\(index)]: not an object")
                return nil
            }
            return ("\(name)[\(index)]", object)
        }
    }

    private static func findNulls(_ value: Any, at place: String, into problems: inout [String]) {
        if value is NSNull {
            problems.append("\(place.isEmpty ? "top level" : place): null (KCIDB allows no null values)")
        } else if let object = value as? [String: Any] {
            for (key, item) in object { findNulls(item, at: place.isEmpty ? key : place + "." + key, into: &problems) }
        } else if let array = value as? [Any] {
            for (index, item) in array.enumerated() { findNulls(item, at: "\(place)[\(index)]", into: &problems) }
        }
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
