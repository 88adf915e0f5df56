// The numeric CSV dataset (ember/data/datasets/csv.h).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "ember/data.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data::datasets {
namespace {

namespace fs = std::filesystem;
using testing::error_of;

class DataCsv : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    const fs::path path = fs::temp_directory_path() /
                          (std::string("ember_csv_") +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
                           std::to_string(count_++) + ".csv");
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path.string();
  }
  void TearDown() override {
    for (const auto& p : paths_) fs::remove(p);
  }
  std::vector<fs::path> paths_;
  int count_ = 0;
};

TEST_F(DataCsv, ReadsFeaturesAndTargetByName) {
  const std::string path = write("a, \"label\" ,b\r\n1.5,2,-3\n\n  4e1 ,0, +5 \n");
  CSVDataset ds(path, CSVOptions().target_column("label"));
  ASSERT_EQ(*ds.size(), 2u);
  EXPECT_EQ(ds.feature_names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ds.features().scalar_type(), kFloat32);
  EXPECT_TRUE(ds.features().equal(tensor(std::vector<float>{1.5f, -3, 40, 5}).view({2, 2})));
  EXPECT_TRUE(ds.targets().equal(tensor(std::vector<int64_t>{2, 0})));
  Example<> e = ds.get(1);
  EXPECT_EQ(e.target.item<int64_t>(), 0);
  EXPECT_EQ(e.data[0].item<float>(), 40.0f);
  EXPECT_EMBER_ERROR(ds.get(2), "index 2 is out of range for a dataset of size 2");
  auto loader = make_data_loader<samplers::SequentialSampler>(ds.map(transforms::Stack<>()), 2);
  for (auto& batch : *loader) EXPECT_EQ(batch.data.sizes(), (std::vector<int64_t>{2, 2}));
}

TEST_F(DataCsv, NoHeaderLastColumnFloatTarget) {
  const std::string path = write("1;2;0.5\n3;4;1.5\n5;6;nan\n");
  CSVDataset ds(path,
                CSVOptions().header(false).delimiter(';').dtype(kFloat64).target_dtype(kFloat32));
  ASSERT_EQ(*ds.size(), 3u);
  EXPECT_EQ(ds.features().scalar_type(), kFloat64);
  EXPECT_TRUE(ds.features()[2].equal(tensor(std::vector<double>{5, 6}, kDouble)));
  EXPECT_EQ(ds.targets()[1].item<float>(), 1.5f);
  EXPECT_TRUE(std::isnan(ds.targets()[2].item<float>()));
  EXPECT_TRUE(ds.feature_names().empty());
  CSVDataset first(path, CSVOptions().header(false).target_index(0).delimiter(';'));
  EXPECT_TRUE(first.targets().equal(tensor(std::vector<int64_t>{1, 3, 5})));
}

TEST_F(DataCsv, ErrorsNameLineAndColumn) {
  struct Case {
    std::string text;
    CSVOptions options;
    std::string expected;
  };
  const std::vector<Case> cases{
      {"x,y\n1,2\n3\n", CSVOptions(), "line 3: expected 2 fields, got 1"},
      {"x,y\n1,2\n3,4,5\n", CSVOptions(), "line 3: expected 2 fields, got 3"},
      {"x,y\n1,2\n\n3,abc\n", CSVOptions(), "line 4, column 2 ('y'): expected a number, got 'abc'"},
      {"x,y\n1,\n", CSVOptions(), "line 2, column 2 ('y'): expected a number, got ''"},
      {"1,2\n0x5,1\n", CSVOptions().header(false),
       "line 2, column 1: expected a number, got '0x5'"},
      {"x,y\n1,2.5\n", CSVOptions(),
       "line 2, column 2 ('y'): expected an integer target for dtype Long"},
      {"x,y\n1,2\n", CSVOptions().target_column("z"), "has no column 'z'"},
      {"x,y\n1,2\n", CSVOptions().target_index(2), "target index 2 is out of range for 2 columns"},
      {"\n\n", CSVOptions(), "is empty"},
      {"x\n1\n", CSVOptions(), "expected at least two columns"},
      {"x,y\n1,2\n", CSVOptions().dtype(kInt64), "expected a floating feature dtype"},
  };
  for (const Case& c : cases) {
    const std::string path = write(c.text);
    const std::string message = error_of([&] { CSVDataset ds(path, c.options); });
    EXPECT_EQ(message.rfind("[CSVDataset] ", 0), 0u) << c.text << ": " << message;
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.text << ": " << message;
  }
  const std::string missing = error_of([] { CSVDataset ds("/nonexistent/ember.csv"); });
  EXPECT_NE(missing.find("cannot open '/nonexistent/ember.csv'"), std::string::npos) << missing;
}

}  // namespace
}  // namespace ember::data::datasets
