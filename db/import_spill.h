// The import's CaseSpill in the database: cases the check pass no longer holds go by COPY into the
// staging table gk_import_case (made and lent by gk_import_begin, migration 005), inside the
// import's one transaction, and the write is done from there (gk_import_write). Only db/*.cpp include this.
#pragma once
#include <memory>
#include <pqxx/pqxx>

#include "db/pg_session.h"
#include "workflows/import_validator.h"

namespace gongkai::db {

class ImportSpill : public workflows::CaseSpill {
 public:
  // Creates the temporary tables in `tx`.
  ImportSpill(Session::Impl& impl, pqxx::work& tx);
  ~ImportSpill() override;

  void put(const workflows::ImportCase& c, const workflows::CaseSnapshot* snapshot) override;
  std::optional<workflows::ImportCase> take(const std::string& ref) override;
  size_t letter_ref_row(int agency_id, const std::string& letter_ref) override;

  // Ends the running COPY: the transaction can run other statements again. Every method that
  // queries calls it; callers do too before their own statements.
  void pause();
  size_t puts() const { return puts_; }
  size_t takes() const { return takes_; }

 private:
  Session::Impl& impl_;
  pqxx::work& tx_;
  std::unique_ptr<pqxx::stream_to> out_;
  // Built when first needed: a file whose cases come one after the other never asks.
  bool ref_index_ = false, letter_ref_index_ = false;
  size_t puts_ = 0, takes_ = 0;
};

}  // namespace gongkai::db
