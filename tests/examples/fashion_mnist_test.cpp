// End to end: the Fashion-MNIST example trains on a subset of the real data (Debian's
// dataset-fashion-mnist), learns, writes its outputs, and resumes bitwise exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "chart.h"
#include "options.h"
#include "support/errors.h"
#include "trainer.h"

namespace fashion_mnist {
namespace {

namespace fs = std::filesystem;

class FashionMnistExample : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto missing = missing_dataset_message(kDebianDataDir)) GTEST_SKIP() << *missing;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    out_ = fs::temp_directory_path() / ("ember_fashion_mnist_" + std::string(info->name()));
    fs::remove_all(out_);
  }
  void TearDown() override { fs::remove_all(out_); }

  // A small, quick run: `train_limit` training images, 500 test images, no progress bar.
  Options small_run(const std::string& model, int64_t epochs, int64_t train_limit,
                    const std::string& folder) const {
    Options o;
    o.model = model;
    o.epochs = epochs;
    o.train_limit = train_limit;
    o.test_limit = 500;
    o.out_dir = (out_ / folder).string();
    o.progress_bar = false;
    return o;
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path out_;
};

TEST_F(FashionMnistExample, LearnsAndWritesItsOutputs) {
  Options o = small_run("mlp", 2, 4096, "run");
  std::ostringstream log;
  const std::vector<EpochRecord> history = Trainer(o, log).run();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_LT(history[1].train_loss, history[0].train_loss);
  EXPECT_GT(history[1].test_accuracy, 0.75) << log.str();
  for (const char* name :
       {"steps.csv", "epochs.csv", "chart.svg", "checkpoint.safetensors", "model.safetensors"})
    EXPECT_TRUE(fs::exists(fs::path(o.out_dir) / name)) << name;
  // 64 steps per epoch, a header line each.
  const std::string steps = read(fs::path(o.out_dir) / "steps.csv");
  EXPECT_EQ(std::count(steps.begin(), steps.end(), '\n'), 1 + 2 * 64);
  EXPECT_NE(log.str().find("best test accuracy"), std::string::npos) << log.str();
}

// N steps straight against N/2 steps, a restart from the checkpoint, and the rest: the weights,
// the optimizer's moments, the batch order and the dropout masks all continue exactly, so every
// logged loss and the final weights are bitwise equal.
void expect_resume_exact(const Options& straight, Options interrupted, int64_t stop_step) {
  std::ostringstream log;
  Trainer uninterrupted(straight, log);
  const std::vector<EpochRecord> expected = uninterrupted.run();

  interrupted.stop_after_steps = stop_step;
  Trainer(interrupted, log).run();
  interrupted.stop_after_steps = 0;
  interrupted.resume = true;
  Trainer resumed(interrupted, log);
  const std::vector<EpochRecord> history = resumed.run();

  ASSERT_EQ(history.size(), expected.size());
  for (size_t e = 0; e < history.size(); ++e) {
    EXPECT_EQ(history[e].train_loss, expected[e].train_loss) << "epoch " << e + 1;
    EXPECT_EQ(history[e].test_loss, expected[e].test_loss) << "epoch " << e + 1;
  }
  const auto want = uninterrupted.model_state(), got = resumed.model_state();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_TRUE(got[i].value().equal(want[i].value())) << want[i].key();
  std::ifstream a(fs::path(straight.out_dir) / "steps.csv"),
      b(fs::path(interrupted.out_dir) / "steps.csv");
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());
}

TEST_F(FashionMnistExample, ResumeInsideAnEpochIsBitwiseExact) {
  // 10 steps per epoch; the interruption falls in the middle of the second epoch.
  expect_resume_exact(small_run("cnn", 2, 640, "straight"), small_run("cnn", 2, 640, "split"), 13);
}

TEST_F(FashionMnistExample, ResumeAtAnEpochBoundaryIsBitwiseExact) {
  Options straight = small_run("cnn", 2, 640, "straight"),
          split = small_run("cnn", 2, 640, "split");
  straight.workers = split.workers = 2;
  expect_resume_exact(straight, split, 10);
}

TEST_F(FashionMnistExample, ResumeWithoutCheckpointFails) {
  Options o = small_run("mlp", 1, 256, "empty");
  o.resume = true;
  std::ostringstream log;
  EXPECT_EMBER_ERROR(Trainer(o, log), "expected a checkpoint to resume from, got no file");
}

TEST(FashionMnistOptions, ParsesEveryFlagForm) {
  const ParsedOptions p =
      parse_options({"--model", "mlp", "--epochs=3", "--lr", "0.01", "--seed", "7", "--resume",
                     "--threads", "2", "--no-progress", "--out", "x"});
  ASSERT_TRUE(p.error.empty()) << p.error;
  EXPECT_EQ(p.options.model, "mlp");
  EXPECT_EQ(p.options.epochs, 3);
  EXPECT_DOUBLE_EQ(p.options.lr, 0.01);
  EXPECT_EQ(p.options.seed, 7u);
  EXPECT_TRUE(p.options.resume);
  EXPECT_EQ(p.options.threads, 2);
  EXPECT_EQ(p.options.progress_bar, false);
  EXPECT_EQ(p.options.out_dir, "x");
  EXPECT_TRUE(parse_options({"--help"}).show_help);
}

TEST(FashionMnistOptions, RejectsBadInput) {
  EXPECT_NE(parse_options({"--model", "resnet"}).error.find("--model"), std::string::npos);
  EXPECT_NE(parse_options({"--epochs", "0"}).error.find("--epochs"), std::string::npos);
  EXPECT_NE(parse_options({"--epochs", "two"}).error.find("--epochs"), std::string::npos);
  EXPECT_NE(parse_options({"--epochs"}).error.find("expects a value"), std::string::npos);
  EXPECT_NE(parse_options({"--frobnicate"}).error.find("unknown flag"), std::string::npos);
  EXPECT_NE(parse_options({"stray"}).error.find("unexpected argument"), std::string::npos);
}

TEST(FashionMnistOptions, HelpDocumentsEveryFlag) {
  const std::string help = help_text("fashion_mnist");
  for (const char* flag :
       {"--model", "--epochs", "--batch-size", "--lr", "--weight-decay", "--seed", "--threads",
        "--workers", "--data", "--out", "--resume", "--train-limit", "--test-limit",
        "--stop-after-steps", "--progress", "--no-progress", "--help"})
    EXPECT_NE(help.find(flag), std::string::npos) << flag;
}

TEST(FashionMnistDataset, MissingFilesSayHowToInstall) {
  const auto message = missing_dataset_message("/nonexistent");
  ASSERT_TRUE(message.has_value());
  EXPECT_NE(message->find("apt-get install dataset-fashion-mnist"), std::string::npos);
}

TEST(FashionMnistChart, DrawsBothPanels) {
  const fs::path path = fs::temp_directory_path() / "ember_fashion_mnist_chart.svg";
  write_chart(path, {{1, 0.6, 0.78, 0.5, 0.81, 10, 1e-3}, {2, 0.4, 0.86, 0.42, 0.85, 10, 5e-4}});
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string svg = text.str();
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("Cross-entropy loss"), std::string::npos);
  EXPECT_NE(svg.find("Accuracy (%)"), std::string::npos);
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n') > 20, true);
  EXPECT_EMBER_ERROR(write_chart(path, {}), "expected at least one epoch to chart");
  fs::remove(path);
}

}  // namespace
}  // namespace fashion_mnist
