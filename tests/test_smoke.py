def test_sign_in_and_see_the_case_list(client, auth, make):
    technician = make.user("technician", name="Tina")
    make.case(subject="Mailserveren er nede")
    auth.login(technician)
    page = client.get("/cases/").get_data(as_text=True)
    assert "Mailserveren er nede" in page
