//===- Suggest.cpp - "did you mean" for names -------------------*- C++ -*-===//

#include "Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

using namespace seqc::front;

std::vector<std::string>
seqc::front::closestNames(llvm::StringRef name,
                          llvm::ArrayRef<std::string> candidates,
                          size_t maxResults) {
  unsigned limit = std::max<unsigned>(2, name.size() / 5);
  std::vector<std::pair<unsigned, std::string>> scored;
  for (const std::string &candidate : candidates) {
    if (candidate == name)
      continue;
    unsigned d = name.edit_distance(candidate, /*AllowReplacements=*/true,
                                    /*MaxEditDistance=*/limit + 1);
    // A missing or extra prefix ("encoder." forgotten) or a module name
    // given for one of its weights are likely mistakes that edit distance
    // scores badly.
    llvm::StringRef c(candidate);
    std::string dotName = (llvm::Twine(".") + name).str();
    std::string dotCandidate = (llvm::Twine(".") + c).str();
    if (d > limit &&
        (c.ends_with(dotName) || name.ends_with(dotCandidate) ||
         c.starts_with((name + llvm::Twine(".")).str())))
      d = limit;
    // A name that shares nothing with this one is no suggestion.
    if (d <= limit && d < name.size())
      scored.push_back({d, candidate});
  }
  llvm::sort(scored);
  // Only the best matches: a second-best name is rarely the one meant.
  std::vector<std::string> result;
  for (auto &entry : scored) {
    if (result.size() == maxResults || entry.first > scored.front().first)
      break;
    result.push_back(std::move(entry.second));
  }
  return result;
}

std::string seqc::front::didYouMean(llvm::ArrayRef<std::string> names) {
  if (names.empty())
    return "";
  std::string s = "; did you mean ";
  for (auto [i, name] : llvm::enumerate(names)) {
    if (i)
      s += i + 1 == names.size() ? " or " : ", ";
    s += "'" + name + "'";
  }
  return s + "?";
}
