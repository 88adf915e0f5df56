// The main example through its command line, as the README promises: `--seed N` gives bitwise
// identical runs, `--threads N` changes nothing in the results, and `--resume` continues a
// stopped run exactly. (fashion_mnist_test.cpp drives the same code through the Trainer API.)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "options.h"
#include "trainer.h"

namespace fashion_mnist {
namespace {

namespace fs = std::filesystem;

class FashionMnistCommandLine : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto missing = missing_dataset_message(kDebianDataDir)) GTEST_SKIP() << *missing;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    out_ = fs::temp_directory_path() / ("ember_fashion_mnist_cli_" + std::string(info->name()));
    fs::remove_all(out_);
    fs::create_directories(out_);
  }
  void TearDown() override { fs::remove_all(out_); }

  // Runs the program on a small configuration (an MLP, 2 epochs of 8 steps) with `flags`,
  // writing into out_/folder; expects it to succeed.
  void run(const std::string& folder, const std::string& flags) const {
    const fs::path log = out_ / (folder + ".log");
    std::ostringstream command;
    command << EMBER_FASHION_MNIST_PROGRAM
            << " --model mlp --epochs 2 --train-limit 512 --test-limit 200 --no-progress --out "
            << (out_ / folder).string() << " " << flags << " > " << log.string() << " 2>&1";
    ASSERT_EQ(std::system(command.str().c_str()), 0) << command.str() << "\n" << read(log);
  }

  // The bytes of a file the program wrote.
  std::string output(const std::string& folder, const std::string& file) const {
    const fs::path path = out_ / folder / file;
    EXPECT_TRUE(fs::exists(path)) << path;
    return read(path);
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  fs::path out_;
};

TEST_F(FashionMnistCommandLine, SameSeedGivesBitwiseEqualRuns) {
  run("a", "--seed 5");
  run("b", "--seed 5");
  run("c", "--seed 6");
  EXPECT_EQ(output("a", "steps.csv"), output("b", "steps.csv"));
  EXPECT_EQ(output("a", "model.safetensors"), output("b", "model.safetensors"));
  // The seed matters: another one initialises and shuffles differently.
  EXPECT_NE(output("a", "model.safetensors"), output("c", "model.safetensors"));
}

TEST_F(FashionMnistCommandLine, ThreadCountChangesNoResult) {
  run("one", "--seed 1 --threads 1");
  run("two", "--seed 1 --threads 2");
  EXPECT_EQ(output("one", "steps.csv"), output("two", "steps.csv"));
  EXPECT_EQ(output("one", "model.safetensors"), output("two", "model.safetensors"));
}

TEST_F(FashionMnistCommandLine, ResumeContinuesAStoppedRunExactly) {
  run("straight", "--seed 2");
  // Stopped inside the second epoch, then resumed. The resumed run names another seed: its
  // weights, optimizer state, data order and random streams must all come from the checkpoint,
  // so a run that ignored --resume and started afresh could not match.
  run("split", "--seed 2 --stop-after-steps 11");
  run("split", "--seed 99 --resume");
  EXPECT_EQ(output("straight", "steps.csv"), output("split", "steps.csv"));
  EXPECT_EQ(output("straight", "model.safetensors"), output("split", "model.safetensors"));
}

}  // namespace
}  // namespace fashion_mnist
