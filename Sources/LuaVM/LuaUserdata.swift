/// A host object in a Lua value (`type` says "userdata"): a Swift object
/// and the metatable that gives it methods.
final class LuaUserdata: HeapObject {
    let payload: AnyObject
    var metatable: LuaTable?

    init(_ payload: AnyObject, metatable: LuaTable?) {
        self.payload = payload
        self.metatable = metatable
    }

    override func traverse(_ gray: inout GrayList) {
        if let metatable, !metatable.marked { gray.append(metatable) }
    }
}
