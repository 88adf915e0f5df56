#include "support/golden_error.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <typeinfo>
#include <vector>

#include "ember/error.h"

namespace ember::testing {
namespace {

/// The words of `text`, lower case, without the punctuation around them.
std::vector<std::string> words_of(const std::string& text) {
  static const std::string punctuation = "()[]{}<>.,:;!?'\"`";
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    const size_t first = word.find_first_not_of(punctuation);
    if (first == std::string::npos) continue;
    word = word.substr(first, word.find_last_not_of(punctuation) - first + 1);
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.push_back(word);
  }
  return out;
}

bool is_number(const std::string& word) {
  size_t i = word[0] == '-' ? 1 : 0;
  if (i == word.size()) return false;
  bool digit = false;
  for (; i < word.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(word[i]))) {
      digit = true;
    } else if (word[i] != '.' && word[i] != 'e') {
      return false;
    }
  }
  return digit;
}

/// The length of the longest run of words `a` and `b` share.
size_t longest_common_run(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<size_t> previous(b.size() + 1, 0), current(b.size() + 1, 0);
  size_t best = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0;
      best = std::max(best, current[j]);
    }
    std::swap(previous, current);
  }
  return best;
}

std::string quoted(const std::string& s) {
  return "\"" + s + "\"";
}

/// Where the words after the "[name] " that starts an Ember message begin, or npos without one.
size_t after_name(const std::string& message) {
  const size_t close = message.find("] ");
  return message.rfind("[", 0) == 0 && close != std::string::npos && close >= 2 ? close + 2
                                                                                : std::string::npos;
}

std::string without_name(const std::string& message) {
  return "the message does not start with the op's name in brackets: " + quoted(message);
}

}  // namespace

std::string compare_error_messages(const std::string& message, const std::string& pytorch) {
  const size_t start = after_name(message);
  if (start == std::string::npos) return without_name(message);
  const std::vector<std::string> ours = words_of(message.substr(start));
  const std::vector<std::string> theirs = words_of(pytorch);
  const size_t needed = std::min<size_t>(4, theirs.size());
  if (longest_common_run(ours, theirs) < needed) {
    return "the message " + quoted(message) + " shares fewer than " + std::to_string(needed) +
           " words in a row with PyTorch's " + quoted(pytorch);
  }
  const std::set<std::string> our_words(ours.begin(), ours.end());
  for (const std::string& word : theirs) {
    if (is_number(word) && our_words.count(word) == 0) {
      return "the message " + quoted(message) + " lacks the number " + word + " of PyTorch's " +
             quoted(pytorch);
    }
  }
  return "";
}

std::string compare_error_to_json(const std::function<void()>& run, const Json& expected) {
  const Json& error = expected.at("error");
  if (!error.is_string()) return "the fixture's error case holds no message: " + expected.dump();
  try {
    run();
  } catch (const Error& e) {
    if (!expected.contains("ember")) return compare_error_messages(e.what(), error);
    const std::string message = e.what();
    const std::string words = expected.at("ember");
    if (after_name(message) == std::string::npos) return without_name(message);
    return message.find(words) == std::string::npos
               ? "the message " + quoted(message) + " lacks " + quoted(words)
               : "";
  } catch (const std::exception& e) {
    return "raised a " + std::string(typeid(e).name()) +
           " instead of an ember::Error: " + quoted(e.what());
  }
  return "raised nothing; PyTorch raises " + quoted(error.get<std::string>());
}

}  // namespace ember::testing
