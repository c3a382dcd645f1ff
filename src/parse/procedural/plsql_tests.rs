//! PL/SQL reader tests: one program per group of constructs, pinned as the
//! text the printer produces from the AST alone (so every node the reader
//! built is visible), and exact error locations.

use crate::emit::procedural::{Style, print_program};
use crate::parse::procedural::parse_plsql_unit;
use crate::source::{LineIndex, Position, Span};

fn from_ast(text: &str) -> String {
    match parse_plsql_unit(text, Span::new(0, text.len())) {
        Ok(program) => print_program(&program, "", Style::Plsql),
        Err(e) => panic!("{e} at {:?}", LineIndex::new(text).position(text, e.offset)),
    }
}

fn error_at(text: &str) -> (Position, String) {
    match parse_plsql_unit(text, Span::new(0, text.len())) {
        Ok(_) => panic!("parsed: {text}"),
        Err(e) => (LineIndex::new(text).position(text, e.offset), e.expected),
    }
}

#[test]
fn control_flow_and_cursors() {
    insta::assert_snapshot!(from_ast(
        r#"CREATE OR REPLACE PROCEDURE p_all (p_id IN NUMBER, p_out OUT NOCOPY VARCHAR2, p_io IN OUT t_rec) AUTHID CURRENT_USER IS
  SUBTYPE t_money IS NUMBER(12,2) NOT NULL;
  TYPE t_ids IS VARRAY(10) OF NUMBER;
  TYPE t_cur IS REF CURSOR RETURN his_patient%ROWTYPE;
  TYPE t_rec IS RECORD (id NUMBER NOT NULL := 0, name VARCHAR2(50 CHAR));
  c_rate CONSTANT NUMBER := 0.7;
  v_total t_money := 0;
  e_busy EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_busy, -54);
  CURSOR c_fee (cp_id NUMBER) IS SELECT fee FROM op_fee WHERE id = cp_id;
  FUNCTION f_half (x NUMBER) RETURN NUMBER DETERMINISTIC IS BEGIN RETURN x / 2; END;
BEGIN
  <<outer>>
  FOR i IN REVERSE 1..10 LOOP
    CONTINUE outer WHEN MOD(i, 2) = 0;
    EXIT outer WHEN i < 3;
  END LOOP outer;
  CASE p_id WHEN 1 THEN NULL; WHEN 2 THEN GOTO done; ELSE v_total := 1; END CASE;
  CASE WHEN c_fee%ISOPEN THEN CLOSE c_fee; END CASE;
  WHILE v_total < 100 LOOP v_total := v_total + f_half(10); END LOOP;
  LOOP EXIT; END LOOP;
  OPEN c_fee(p_id);
  FETCH c_fee BULK COLLECT INTO l_fees LIMIT 100;
  CLOSE c_fee;
  OPEN l_cur FOR 'SELECT * FROM t WHERE id = :1' USING p_id;
  OPEN l_cur FOR SELECT * FROM his_patient WHERE id = p_id;
  EXECUTE IMMEDIATE 'UPDATE t SET a = :1 WHERE id = :2 RETURNING b INTO :3' USING IN 1, p_id, OUT v_total RETURNING INTO v_total;
  EXECUTE IMMEDIATE 'SELECT a FROM t' BULK COLLECT INTO l_ids;
  FORALL j IN INDICES OF l_ids SAVE EXCEPTIONS DELETE FROM t WHERE id = l_ids(j);
  FOR r IN c_fee(p_id) LOOP v_total := v_total + r.fee; END LOOP;
  SELECT SUM(fee) INTO v_total FROM op_fee WHERE id = p_id;
  SELECT id BULK COLLECT INTO l_ids FROM op_fee;
  UPDATE op_fee SET fee = 0 WHERE id = p_id RETURNING fee INTO v_total;
  IF SQL%ROWCOUNT = 0 THEN RAISE e_busy; ELSIF v_total > 0 THEN RAISE; ELSE NULL; END IF;
  pkg_log.write(p_msg => 'ok', p_level => 1);
  COMMIT;
  <<done>>
  NULL;
EXCEPTION
  WHEN e_busy OR DUP_VAL_ON_INDEX THEN ROLLBACK;
  WHEN OTHERS THEN RAISE_APPLICATION_ERROR(-20001, '失败：' || SQLERRM);
END p_all;"#
    ));
}

#[test]
fn package_spec_and_body() {
    insta::assert_snapshot!(from_ast(
        "CREATE OR REPLACE EDITIONABLE PACKAGE pkg_op AUTHID DEFINER AS\n  c_max CONSTANT PLS_INTEGER := 5;\n  CURSOR c_open RETURN op_reg%ROWTYPE;\n  e_closed EXCEPTION;\n  PROCEDURE p_reg (p_id NUMBER);\n  PROCEDURE p_reg (p_code VARCHAR2);\n  FUNCTION f_rows RETURN t_rows PIPELINED;\nEND pkg_op;"
    ));
    insta::assert_snapshot!(from_ast(
        "CREATE PACKAGE BODY pkg_op IS\n  g_count NUMBER := 0;\n  PROCEDURE p_reg (p_id NUMBER) IS\n    PRAGMA AUTONOMOUS_TRANSACTION;\n  BEGIN\n    INSERT INTO op_reg (id) VALUES (p_id);\n    COMMIT;\n  END;\n  FUNCTION f_rows RETURN t_rows PIPELINED IS\n  BEGIN\n    FOR r IN (SELECT * FROM op_reg) LOOP PIPE ROW (r); END LOOP;\n    RETURN;\n  END f_rows;\nBEGIN\n  g_count := 1;\nEND pkg_op;"
    ));
}

#[test]
fn triggers_types_and_blocks() {
    insta::assert_snapshot!(from_ast(
        "CREATE OR REPLACE TRIGGER trg_fee_au\n  AFTER INSERT OR UPDATE OF status, fee OR DELETE ON op_fee\n  REFERENCING OLD AS o NEW AS n\n  FOR EACH ROW\n  FOLLOWS trg_fee_bi\n  WHEN (n.status = 'C')\nDECLARE\n  v NUMBER;\nBEGIN\n  IF INSERTING THEN :NEW.id := seq_fee.NEXTVAL; END IF;\nEND;"
    ));
    insta::assert_snapshot!(from_ast(
        "CREATE OR REPLACE TYPE t_item FORCE AS OBJECT (id NUMBER, name VARCHAR2(50), MEMBER FUNCTION label RETURN VARCHAR2, STATIC PROCEDURE reset) NOT FINAL;"
    ));
    insta::assert_snapshot!(from_ast("CREATE TYPE t_items AS TABLE OF t_item;"));
    insta::assert_snapshot!(from_ast(
        "CREATE OR REPLACE TRIGGER trg_fee_audit FOR INSERT OR UPDATE ON op_fee COMPOUND TRIGGER\n  TYPE t_ids IS TABLE OF NUMBER INDEX BY PLS_INTEGER;\n  g_ids t_ids;\n  BEFORE STATEMENT IS BEGIN g_ids.DELETE; END BEFORE STATEMENT;\n  AFTER EACH ROW IS BEGIN g_ids(g_ids.COUNT + 1) := :NEW.id; END AFTER EACH ROW;\n  AFTER STATEMENT IS\n  BEGIN\n    FORALL i IN 1..g_ids.COUNT INSERT INTO op_fee_audit (id) VALUES (g_ids(i));\n  END AFTER STATEMENT;\nEND trg_fee_audit;"
    ));
    insta::assert_snapshot!(from_ast(
        "<<main>>\nDECLARE\n  v NUMBER := 0;\nBEGIN\n  BEGIN\n    v := 1 / v;\n  EXCEPTION\n    WHEN ZERO_DIVIDE THEN v := NULL;\n  END;\nEND main;"
    ));
}

#[test]
fn errors_point_at_the_token_where_reading_stopped() {
    let cases = [
        (
            "BEGIN\n  x := 1\n  y := 2;\nEND;",
            Position { line: 3, column: 3 },
        ),
        (
            "BEGIN\n  IF x THEN NULL;\nEND;",
            Position { line: 3, column: 4 },
        ),
        (
            "CREATE PROCEDURE p IS\nBEGIN\n  NULL;\nEND;\nGRANT x TO y;",
            Position { line: 5, column: 1 },
        ),
        (
            "CREATE OR REPLACE TRIGGER t FOR INSERT ON x COMPOUND TRIGGER\n  AFTER EACH ROW IS BEGIN NULL; END BEFORE STATEMENT;\nEND;",
            Position { line: 2, column: 3 },
        ),
        (
            "BEGIN\n  SELECT a INTO v FROM t WHERE;\nEND;",
            Position {
                line: 2,
                column: 31,
            },
        ),
    ];
    for (text, expected) in cases {
        let (at, what) = error_at(text);
        assert_eq!(at, expected, "{text}: {what}");
    }
}
