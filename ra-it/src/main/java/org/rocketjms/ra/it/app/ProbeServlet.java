package org.rocketjms.ra.it.app;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /probe?op=send&text=X[&rollback=true]} sends; {@code /probe?op=received} lists the MDB's deliveries. */
@WebServlet("/probe")
public class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private Sender sender;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String op = req.getParameter("op");
        if ("send".equals(op)) {
            try {
                sender.send(req.getParameter("text"), Boolean.parseBoolean(req.getParameter("rollback")));
                resp.getWriter().println("sent");
            } catch (Exception e) {
                resp.setStatus(500);
                resp.getWriter().println("send failed: " + e);
            }
        } else if ("received".equals(op)) {
            for (String line : Deliveries.all()) {
                resp.getWriter().println(line);
            }
        } else {
            resp.setStatus(400);
            resp.getWriter().println("op must be send or received");
        }
    }
}
