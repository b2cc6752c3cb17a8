#ifndef USAGE_SESSION_FUZZ_REFERENCE_MERGE_PATCH_HPP
#define USAGE_SESSION_FUZZ_REFERENCE_MERGE_PATCH_HPP

// A deliberately simple RFC 7396 reference for differential fuzzing: the
// pseudo-code of RFC 7396 §2, transcribed line by line, recursive, with no
// care for speed, exception safety or deep nesting (inputs come from
// parse_patch, which caps nesting at 32 levels).
//
//   define MergePatch(Target, Patch):
//     if Patch is an Object:
//       if Target is not an Object:
//         Target = {} # Ignore the contents and set it to an empty Object
//       for each Name/Value pair in Patch:
//         if Value is null:
//           if Name exists in Target:
//             remove the Name/Value pair from Target
//         else:
//           Target[Name] = MergePatch(Target[Name], Value)
//       return Target
//     else:
//       return Patch
//
// Member order (docs/contract.md §6): existing members stay in place (assigning to an
// existing key keeps its slot), new members are appended (object::operator[]
// appends), deletions keep the order of the rest (stable_erase).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace usage_session_fuzz {

// Target is taken by value: the reference works on its own copy.
inline boost::json::value reference_merge_patch(boost::json::value target,
                                                boost::json::value const& patch)
{
    if(!patch.is_object())
        return patch;
    if(!target.is_object())
        target = boost::json::object();
    boost::json::object& t = target.get_object();
    for(auto const& member : patch.get_object())
    {
        if(member.value().is_null())
        {
            auto it = t.find(member.key());
            if(it != t.end())
                t.stable_erase(it);
        }
        else
        {
            // Target[Name] is null (RFC 7396's "undefined") when absent.
            auto it = t.find(member.key());
            boost::json::value current = it != t.end() ? it->value() : boost::json::value();
            t[member.key()] = reference_merge_patch(std::move(current), member.value());
        }
    }
    return target;
}

}   // namespace usage_session_fuzz

#endif
